import NetworkCore
import TestSupport
import Testing
@testable import MockServer

/// The connection's side of a streamed request body, on the real event loop: it wakes the
/// connection when the handler first asks for the body, when a full stream gets room, and at
/// the upload pacing's deadline; never once the body has ended.
@Suite struct RequestBodyFeedTests {
    /// How often the feed woke its connection.
    private final class Wakes: Sendable {
        let resumed = Lock(0)
        let demanded = Lock(0)
    }

    private static func feed(_ wakes: Wakes) async -> LoopBound<RequestBodyFeed> {
        await EventLoop.shared.submit {
            LoopBound(RequestBodyFeed(
                length: nil, loop: .shared, resume: { wakes.resumed.withLock { $0 += 1 } }, demanded: { wakes.demanded.withLock { $0 += 1 } }
            ))
        }
    }

    @Test func aFullStream_holdsTheClientBack_untilTheHandlerPulls() async throws {
        let wakes = Wakes()
        let feed = await Self.feed(wakes)
        let loop = EventLoop.shared
        #expect(await loop.submit { feed.value.availableRoom() } == RequestBodyStream.capacity)
        let full = await loop.submit {
            feed.value.stream.offer([UInt8](repeating: 1, count: RequestBodyStream.capacity))
            return (feed.value.availableRoom(), feed.value.holdsClientBack)
        }
        #expect(full == (0, true))
        #expect(wakes.resumed.withLock { $0 } == 0 && wakes.demanded.withLock { $0 } == 0)

        // The handler's first pull: it asks for the body, and makes room.
        #expect(try await feed.value.stream.next()?.count == RequestBodyStream.capacity)
        try await waitUntil { wakes.resumed.withLock { $0 } == 1 && wakes.demanded.withLock { $0 } == 1 }
        #expect(await loop.submit { feed.value.holdsClientBack } == false)
    }

    @Test func afterTheEnd_nothingWakesTheConnection() async throws {
        let wakes = Wakes()
        let feed = await Self.feed(wakes)
        let loop = EventLoop.shared
        await loop.submit {
            feed.value.stream.offer([UInt8](repeating: 1, count: RequestBodyStream.capacity))
            _ = feed.value.availableRoom()
            feed.value.wake(at: Instant.now() + .milliseconds(20))
            feed.value.end(.complete)
        }
        // The handler still gets what was offered, then the end.
        #expect(try await feed.value.stream.next()?.count == RequestBodyStream.capacity)
        #expect(try await feed.value.stream.next() == nil)
        try await Task.sleep(for: .milliseconds(100))
        #expect(wakes.resumed.withLock { $0 } == 0, "neither the room nor the pacing timer woke it")
        #expect(wakes.demanded.withLock { $0 } == 0)
    }

    @Test func thePacingDeadline_wakesTheConnection_once() async throws {
        let wakes = Wakes()
        let feed = await Self.feed(wakes)
        await EventLoop.shared.submit { feed.value.wake(at: Instant.now() + .milliseconds(10)) }
        try await waitUntil { wakes.resumed.withLock { $0 } == 1 }
        #expect(await EventLoop.shared.submit { feed.value.pacingTimer.isArmed } == false)
    }

    @Test func aBrokenBody_failsTheHandlersPull_withItsReason() async throws {
        let feed = await Self.feed(Wakes())
        await EventLoop.shared.submit { feed.value.end(.failed("the client left")) }
        await #expect(throws: RequestBodyError(reason: "the client left")) { try await feed.value.stream.next() }
        let abandoned = await Self.feed(Wakes())
        await EventLoop.shared.submit { abandoned.value.end(.abandoned) }
        await #expect(throws: RequestBodyError(reason: "the response ended before the request body was read")) {
            try await abandoned.value.stream.next()
        }
    }
}
