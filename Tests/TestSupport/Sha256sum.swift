import Foundation

/// The SHA-256 of a file as coreutils' `sha256sum` (a program this package did not write)
/// gives it, in lowercase hex: an independent yardstick for large uploads, and fast where the
/// package's own `SHA256` runs at debug-build speed (about 30 MB/s).
package enum Sha256sum {
    /// Runs `sha256sum` on `path` off the cooperative pool.
    package static func of(_ path: String) async throws -> String {
        try await blocking { () throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sha256sum", path]
            let output = Pipe()
            process.standardOutput = output
            try process.runTied()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            return String(text.prefix(64))
        }
    }
}
