import Foundation
import TestSupport

/// `lab` started so that the system's CA bundle it sees is `bundle` alone: in a private user
/// and mount namespace (`unshare -r -m`) where `bundle` is bind-mounted over
/// /etc/ssl/certs/ca-certificates.crt, the system store `lab` trusts without --upstream-ca. Nothing
/// outside the namespace changes.
enum TrustingLab {
    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    /// Starts `lab ARGUMENTS` trusting `bundle`; throws saying what is missing when this machine
    /// cannot make the namespace (the test then fails: it is never skipped).
    static func start(_ arguments: [String], trusting bundle: String) async throws -> LabProcess {
        try await checkNamespaces()
        // Each exec keeps the process id, so LabProcess.pid is still lab's.
        let prefix = "exec unshare -r -m sh -c 'mount --bind \"$1\" \(systemBundle) && shift && exec \"$0\" \"$@\"' \"$0\" '\(bundle)' \"$@\";"
        return try LabProcess(arguments, shellPrefix: prefix)
    }

    private static func checkNamespaces() async throws {
        guard FileManager.default.fileExists(atPath: systemBundle) else {
            throw TestSetupError("\(systemBundle) does not exist: install ca-certificates (the HTTPS proxy tests bind-mount a test CA over it)")
        }
        let run = try await blocking { try ToolRun(["unshare", "-r", "-m", "sh", "-c", "mount --bind /dev/null /dev/null"]) }
        guard run.status == 0 else {
            throw TestSetupError("""
                the HTTPS proxy tests run lab in a private mount namespace (unshare -r -m, then mount --bind), \
                which this machine refused: \(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) \
                (allow unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1)
                """)
        }
    }
}
