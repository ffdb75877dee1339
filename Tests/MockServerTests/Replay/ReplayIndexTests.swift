import Foundation
@testable import MockServer
import Testing

@Suite struct ReplayIndexTests {
    static func entry(_ method: String, _ url: String, at second: Int, status: Int = 200, body: String = "", post: String? = nil) -> HAREntry {
        var request = HARRequest(method: method, url: url, headers: [:])
        request.postData = post.map { HARPostData(mimeType: "text/plain", text: $0) }
        return HAREntry(
            started: Date(timeIntervalSince1970: 1_765_000_000 + Double(second)), request: request,
            response: HARResponse(status: status, headers: [:], body: Array(body.utf8)), timings: HARTimings(send: 0, wait: 0, receive: 0)
        )
    }

    @Test func entries_areGroupedByMethodPathAndQuery_inRecordedOrder() {
        // Given out of order: the index sorts by start time, as the spec asks readers to.
        let archive = HARArchive(entries: [
            Self.entry("GET", "https://api.example.com/n?b=2&a=1", at: 2, body: "second"),
            Self.entry("GET", "https://other.example.com/n?a=1&b=2", at: 1, body: "first"),
            Self.entry("POST", "https://api.example.com/n?a=1&b=2", at: 3, body: "post"),
            Self.entry("GET", "https://api.example.com/failed", at: 4, status: 0),
        ])
        let index = ReplayIndex(archives: [archive], matchBody: false)
        let key = index.key(method: "get", target: ReplayTarget(url: "/n?a=1&b=2"), body: Array("ignored".utf8))
        #expect(index.responses[key]?.map { String(decoding: $0.body, as: UTF8.self) } == ["first", "second"])
        #expect(index.responses[index.key(method: "POST", target: ReplayTarget(url: "/n?b=2&a=1"), body: [])]?.count == 1)
        #expect(index.recorded.count == 2, "the status-0 entry has nothing to replay")
    }

    /// What browsers record beside HTTP (`data:`, `blob:`, an extension's URLs) no request can
    /// reach: it is skipped, so it never stands among the closest recordings of a miss, and
    /// ``Replay/unreachableURLs`` names it for the user.
    @Test func entriesNoRequestCanReach_areSkipped_andNamed() {
        let archive = HARArchive(entries: [
            Self.entry("GET", "data:image/png;base64,iVBORw0KGgo=", at: 1),
            Self.entry("GET", "HTTPS://h/a", at: 2, body: "a"),
            Self.entry("GET", "blob:https://h/1f2e", at: 3),
            Self.entry("GET", "chrome-extension://abc/x.js", at: 4),
            Self.entry("GET", "/b?x=1", at: 5, body: "b"),
            Self.entry("GET", "not a url", at: 6),
        ])
        let replay = Replay(archives: [archive])
        #expect(replay.unreachableURLs == ["data:image/png;base64,iVBORw0KGgo=", "blob:https://h/1f2e", "chrome-extension://abc/x.js", "not a url"])
        let session = ReplaySession(replay)
        #expect(session.response(method: "GET", target: ReplayTarget(url: "/a"), body: [])?.body == Array("a".utf8))
        #expect(session.response(method: "GET", target: ReplayTarget(url: "/b?x=1"), body: [])?.body == Array("b".utf8))
        #expect(session.missMessage(method: "GET", target: ReplayTarget(url: "/c"), body: [])
            == "no recorded response matches GET /c (replay matches method, path and query); closest recorded: GET /a, GET /b?x=1")
    }

    /// A request recorded only with a status replay cannot send is told so, not pointed to
    /// the closest other recording; once recorded with a usable one too, it is replayed.
    @Test func aRequestRecordedOnlyWithAnUnsendableStatus_getsAMessageSayingSo() {
        let archive = HARArchive(entries: [
            Self.entry("GET", "http://h/blocked", at: 1, status: 0),
            Self.entry("GET", "http://h/socket", at: 2, status: 101),
            Self.entry("GET", "http://h/flaky", at: 3, status: 0),
            Self.entry("GET", "http://h/flaky", at: 4, body: "later"),
        ])
        let session = ReplaySession(Replay(archives: [archive]))
        #expect(session.missMessage(method: "GET", target: ReplayTarget(url: "/blocked"), body: [])
            == "GET /blocked was recorded only with status 0 (a request that failed or was blocked), which replay cannot send")
        #expect(session.missMessage(method: "GET", target: ReplayTarget(url: "/socket"), body: [])
            == "GET /socket was recorded only with status 101 (a WebSocket's upgrade), which replay cannot send")
        #expect(session.response(method: "GET", target: ReplayTarget(url: "/flaky"), body: [])?.body == Array("later".utf8))
        #expect(session.missMessage(method: "GET", target: ReplayTarget(url: "/elsewhere"), body: []).hasPrefix("no recorded response matches GET /elsewhere"))
    }

    @Test func matchBody_separatesRequestsByBody() {
        let archive = HARArchive(entries: [
            Self.entry("POST", "http://h/q", at: 1, body: "for a", post: "a"),
            Self.entry("POST", "http://h/q", at: 2, body: "for b", post: "b"),
        ])
        let index = ReplayIndex(archives: [archive], matchBody: true)
        #expect(index.responses[index.key(method: "POST", target: ReplayTarget(url: "/q"), body: Array("b".utf8))]?.first?.body == Array("for b".utf8))
        #expect(index.responses[index.key(method: "POST", target: ReplayTarget(url: "/q"), body: Array("c".utf8))] == nil)
        let loose = ReplayIndex(archives: [archive], matchBody: false)
        #expect(loose.responses[loose.key(method: "POST", target: ReplayTarget(url: "/q"), body: [])]?.count == 2)
    }

    @Test func closest_prefersSamePathAndMethod_thenFewestEdits() {
        let archive = HARArchive(entries: [
            Self.entry("GET", "http://h/users?page=2", at: 1),
            Self.entry("GET", "http://h/orders", at: 2),
            Self.entry("POST", "http://h/users", at: 3),
            Self.entry("GET", "http://h/user", at: 4),
        ])
        let index = ReplayIndex(archives: [archive], matchBody: false)
        let miss = index.key(method: "GET", target: ReplayTarget(url: "/users?page=3"), body: [])
        #expect(index.closest(to: miss).map(\.description) == ["GET /users?page=2", "POST /users", "GET /user"])
    }

    @Test func editDistance_countsInsertionsDeletionsAndChanges() {
        #expect(ReplayIndex.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(ReplayIndex.editDistance([], Array("abc".utf8)) == 3)
        #expect(ReplayIndex.editDistance(Array("same".utf8), Array("same".utf8)) == 0)
    }
}
