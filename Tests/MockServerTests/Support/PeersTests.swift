import Testing
import TestSupport

/// The first failure to read on a machine without the test peers: one line naming every
/// missing program or module and the command that installs them, rather than dozens of
/// tests failing each with its own "no such file".
@Suite struct PeersTests {
    @Test func everyPeerTheTestsRun_isInstalled() async throws {
        let missing = try await blocking { try Peers.missing() }
        #expect(missing.isEmpty, "missing test peers: \(missing.joined(separator: ", ")); install them with: bash .ci/install-peers (Debian packages and PyPI, as root)")
    }
}
