import Foundation

/// The SHA-256 of a file as coreutils' `sha256sum` (a program this package did not write)
/// gives it, in lowercase hex: an independent yardstick for large uploads, and fast where the
/// package's own `SHA256` runs at debug-build speed (about 30 MB/s).
package enum Sha256sum {
    /// Runs `sha256sum` on `path` off the cooperative pool.
    package static func of(_ path: String) async throws -> String {
        let run = try await blocking { try ToolRun(["sha256sum", path]) }
        guard run.status == 0 else { throw TestSetupError("sha256sum \(path) failed: \(run.stderr)") }
        return String(decoding: run.stdout.prefix(64), as: UTF8.self)
    }
}
