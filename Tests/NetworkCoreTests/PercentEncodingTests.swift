import Testing
@testable import NetworkCore

@Suite struct PercentEncodingTests {
    @Test func percentSequences_decodeToTheirBytes() {
        #expect(PercentEncoding.decode("a%20b") == "a b")
        #expect(PercentEncoding.decode("caf%C3%A9") == "café")
        #expect(PercentEncoding.decode("%2f%2F") == "//")
        #expect(PercentEncoding.decode("plain") == "plain")
        #expect(PercentEncoding.decode("") == "")
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("a+b%2B", plusAsSpace: true) == "a b+")
    }

    @Test func nul_decodes_forCallersToRefuse() {
        #expect(PercentEncoding.decode("a%00b") == "a\u{0}b")
    }

    @Test(arguments: ["%", "%2", "%2g", "%g2", "100%", "a%%20"])
    func badPercentSequence_isNil(text: String) {
        #expect(PercentEncoding.decode(text) == nil)
    }

    @Test(arguments: ["%FF", "%C3", "%C3%28", "%ED%A0%80"])
    func invalidUTF8_isNil(text: String) {
        #expect(PercentEncoding.decode(text) == nil)
    }

    @Test func substrings_decode() {
        let target = "/x?a=%41"
        #expect(PercentEncoding.decode(target.dropFirst(5)) == "A")
    }
}
