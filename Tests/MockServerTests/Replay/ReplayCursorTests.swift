@testable import MockServer
import Testing

@Suite struct ReplayCursorTests {
    @Test func repeatedKey_walksTheRecordingInOrder_thenRepeatsTheLast() {
        var cursor = ReplayCursor()
        let a = ReplayKey(method: "GET", target: ReplayTarget(url: "/a"), body: nil)
        let b = ReplayKey(method: "GET", target: ReplayTarget(url: "/b"), body: nil)
        #expect([cursor.next(a, count: 3), cursor.next(a, count: 3), cursor.next(b, count: 1), cursor.next(a, count: 3), cursor.next(a, count: 3)] == [0, 1, 0, 2, 2])
        #expect(cursor.next(b, count: 1) == 0)
        #expect(cursor.peek(a, count: 3) == 2 && cursor.peek(b, count: 1) == 0)
        cursor.reset()
        #expect(cursor.next(a, count: 3) == 0)
    }
}
