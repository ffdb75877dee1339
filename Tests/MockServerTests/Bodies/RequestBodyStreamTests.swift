import NetworkCore
import TestSupport
import Testing
@testable import MockServer

/// The bounded hand-over of a request body from the event loop to a forwarding task.
@Suite struct RequestBodyStreamTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func pieces_arriveInOrder_thenTheEnd() async throws {
        let stream = RequestBodyStream(length: 6, loop: .shared)
        stream.offer(Self.bytes("abc"))
        stream.offer(Self.bytes("def"))
        stream.finish()
        #expect(try await stream.next() == Self.bytes("abc"))
        #expect(try await stream.next() == Self.bytes("def"))
        #expect(try await stream.next() == nil)
        #expect(stream.length == 6)
    }

    @Test func room_isTheCapacityLessWhatWaits_andZeroOnceFull() async throws {
        let stream = RequestBodyStream(length: nil, loop: .shared)
        #expect(stream.room == RequestBodyStream.capacity)
        stream.offer([UInt8](repeating: 1, count: 1000))
        #expect(stream.room == RequestBodyStream.capacity - 1000)
        stream.offer([UInt8](repeating: 2, count: RequestBodyStream.capacity - 1000))
        #expect(stream.room == 0)
        _ = try await stream.next()
        #expect(stream.room == 1000)
    }

    @Test func aFullStream_resumesTheConnection_onTheLoop_atThePull() async throws {
        let stream = RequestBodyStream(length: nil, loop: .shared)
        stream.offer([UInt8](repeating: 1, count: RequestBodyStream.capacity))
        let resumed = Lock(0)
        let onLoop = Lock(false)
        stream.whenRoom {
            onLoop.withLock { $0 = EventLoop.shared.inEventLoop }
            resumed.withLock { $0 += 1 }
        }
        #expect(resumed.withLock { $0 } == 0)
        _ = try await stream.next()
        try await waitUntil { resumed.withLock { $0 } == 1 }
        #expect(onLoop.withLock { $0 })
    }

    @Test func aPullThatFindsNothing_waitsForTheNextOffer() async throws {
        let stream = RequestBodyStream(length: nil, loop: .shared)
        async let piece = stream.next()
        try await Task.sleep(for: .milliseconds(50))
        stream.offer(Self.bytes("late"))
        #expect(try await piece == Self.bytes("late"))
    }

    @Test func aFailedStream_throwsItsReason_andDropsWhatWaited() async throws {
        let stream = RequestBodyStream(length: 10, loop: .shared)
        stream.offer(Self.bytes("abc"))
        stream.fail("the client left")
        #expect(stream.room == 0)
        await #expect(throws: RequestBodyError(reason: "the client left")) { try await stream.next() }
    }

    @Test func aCancelledStream_takesNoMore_andCannotRewind() async throws {
        let stream = RequestBodyStream(length: 10, loop: .shared)
        #expect(stream.rewind())
        stream.offer(Self.bytes("abc"))
        _ = try await stream.next()
        #expect(!stream.rewind())
        stream.cancel()
        #expect(stream.room == 0)
        stream.offer(Self.bytes("def"))
        await #expect(throws: RequestBodyError.self) { try await stream.next() }
    }

    @Test func theFirstPull_isReportedOnce_forTheInterimContinue() async throws {
        let stream = RequestBodyStream(length: 3, loop: .shared)
        let demands = Lock(0)
        stream.whenDemanded { demands.withLock { $0 += 1 } }
        stream.offer(Self.bytes("abc"))
        _ = try await stream.next()
        stream.finish()
        _ = try await stream.next()
        try await waitUntil { demands.withLock { $0 } == 1 }
        try await Task.sleep(for: .milliseconds(50))
        #expect(demands.withLock { $0 } == 1)
    }
}
