import NetworkCore
import Testing
@testable import NetworkLabClient

@Suite struct ReprDigestTests {
    let digest = SHA256.hash(Array("hello".utf8))

    @Test func sha256_isFound_amongOtherAlgorithms() {
        let field = "sha-512=:AAAA:, SHA-256=:\(ReprDigest.base64(digest)):"
        #expect(ReprDigest.sha256(field) == digest)
    }

    @Test func missingOrBrokenDigests_areNil() {
        #expect(ReprDigest.sha256("sha-512=:AAAA:") == nil)
        #expect(ReprDigest.sha256("sha-256=:not base64:") == nil)
        #expect(ReprDigest.sha256("sha-256=\(ReprDigest.base64(digest))") == nil)
        #expect(ReprDigest.sha256("sha-256=:AAAA:") == nil)
    }
}
