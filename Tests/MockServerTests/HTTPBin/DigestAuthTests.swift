@testable import MockServer
import Testing

/// DigestAuth.swift: RFC 7616's worked example, and the header parser.
@Suite struct DigestAuthTests {
    /// RFC 7616 §3.9.1: Mufasa, "Circle of Life", GET /dir/index.html, qop=auth.
    static let example: [String: String] = [
        "username": "Mufasa", "realm": "http-auth@example.org", "uri": "/dir/index.html", "qop": "auth", "nc": "00000001",
        "cnonce": "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    ]

    @Test func expectedResponse_matchesRFC7616sExample_forMD5() {
        let response = DigestAuth.expectedResponse(
            credentials: Self.example.merging(["algorithm": "MD5"]) { $1 }, password: "Circle of Life",
            method: "GET", uri: "/dir/index.html", body: [])
        #expect(response == "8ca523f5e9506fed4657c9700eebdbec")
    }

    @Test func expectedResponse_matchesRFC7616sExample_forSHA256() {
        let response = DigestAuth.expectedResponse(
            credentials: Self.example.merging(["algorithm": "SHA-256"]) { $1 }, password: "Circle of Life",
            method: "GET", uri: "/dir/index.html", body: [])
        #expect(response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
    }

    @Test func expectedResponse_withoutQop_isRFC2069s() {
        // H(HA1:nonce:HA2), computed independently with Python's hashlib.
        let response = DigestAuth.expectedResponse(
            credentials: ["username": "u", "realm": "r", "nonce": "n"], password: "p", method: "GET", uri: "/x", body: [])
        #expect(response == "3042aef13752cb1d63f6787a080ffdfc")
    }

    @Test func expectedResponse_isNil_forAnUnknownQop_orAMissingCnonce() {
        #expect(DigestAuth.expectedResponse(credentials: ["qop": "other"], password: "p", method: "GET", uri: "/", body: []) == nil)
        #expect(DigestAuth.expectedResponse(credentials: ["qop": "auth", "nc": "1"], password: "p", method: "GET", uri: "/", body: []) == nil)
    }

    @Test func credentials_readsQuotedAndTokenValues_withCommasAndEscapes() {
        let header = #"Digest username="Mu\"fasa", realm="a, b", nc=00000001, qop=auth,response="abc""#
        let parameters = DigestAuth.credentials(header)
        #expect(parameters == ["username": "Mu\"fasa", "realm": "a, b", "nc": "00000001", "qop": "auth", "response": "abc"])
    }

    @Test func credentials_isNil_forOtherSchemes() {
        #expect(DigestAuth.credentials("Basic dTpw") == nil)
        #expect(DigestAuth.credentials("Digest") == nil)
    }

    @Test func challenge_offersBothQops_unlessOneIsNamed() {
        let both = DigestAuth(algorithm: .sha256, qop: nil).challenge(nonce: "n", opaque: "o", stale: false)
        #expect(both == #"Digest realm="me@kennethreitz.com", nonce="n", opaque="o", qop="auth, auth-int", algorithm=SHA-256, stale=FALSE"#)
        #expect(DigestAuth(algorithm: .md5, qop: "auth").challenge(nonce: "n", opaque: "o", stale: true).contains(#"qop="auth", algorithm=MD5, stale=TRUE"#))
    }
}
