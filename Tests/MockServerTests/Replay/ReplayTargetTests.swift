@testable import MockServer
import Testing

@Suite struct ReplayTargetTests {
    @Test func absoluteURL_dropsSchemeHostAndFragment_andDecodes() {
        let target = ReplayTarget(url: "https://api.example.com:8443/a%20b/c?x=1&y=hello+world#top")
        #expect(target.path == "/a b/c")
        #expect(target.query.map(\.name) == ["x", "y"] && target.query.map(\.value) == ["1", "hello world"])
        #expect(ReplayTarget(url: "https://example.com").path == "/")
        #expect(ReplayTarget(url: "https://example.com?q=1").query.first?.value == "1")
    }

    @Test func targets_matchWhateverTheQueryOrder() {
        #expect(ReplayTarget(url: "http://h/p?a=1&b=2") == ReplayTarget(url: "/p?b=2&a=1"))
        #expect(ReplayTarget(url: "http://h/p?a=1&b=2") != ReplayTarget(url: "/p?a=1&b=3"))
        #expect(ReplayTarget(url: "http://h/p?a=1") != ReplayTarget(url: "/p?a=1&a=1"))
        #expect(ReplayTarget(url: "http://h/p") != ReplayTarget(url: "/q"))
    }
}
