import Foundation
import NetworkCore
import TestSupport
import Testing
@testable import MockServer

/// The way from a request to its plan, without sockets: what comes at once, what comes later
/// from the loop, and when each may start.
@Suite struct ResponderTests {
    /// What a waiter was handed, read on the loop.
    private struct Taken: Sendable {
        var refused: String?
        var status: Int?
        var digest: String?
        var startAt: Instant?
        /// The statuses of the interim heads the handler sent before its answer, in order.
        var interim: [Int] = []
        let known: Instant
        /// Handed over inside `answer` itself, not later from the loop.
        let atOnce: Bool
    }

    private final class Waiter: Responder.Waiter {
        var answering = false
        var interim: [Int] = []
        let taken: (Taken) -> Void

        init(_ taken: @escaping (Taken) -> Void) {
            self.taken = taken
        }

        func take(_ answer: Responder.Answer, for exchange: Exchange, known: Instant) -> Bool {
            switch answer {
            case .refuse(let message):
                taken(Taken(refused: message, known: known, atOnce: answering))
            case .start(let plan, let startAt):
                taken(Taken(
                    status: plan.status, digest: plan.headers["Repr-Digest"], startAt: startAt, interim: interim, known: known, atOnce: answering
                ))
            }
            return true
        }

        func interim(_ head: HTTPResponseHead, for exchange: Exchange) {
            interim.append(head.status)
        }
    }

    private static let now = Instant(seconds: 100)

    /// Answers one GET of `target` through `state`'s table on the shared loop. What was taken
    /// crosses to the test through ``handOver(_:)``, which ThreadSanitizer can follow (the
    /// interim statuses are an array built on the loop).
    private func answer(_ target: String, headers: HeaderFields = [:], state: ServerState) async -> Taken {
        let loop = EventLoop.shared
        return await handOver { hand in
            loop.execute {
                var fields: HeaderFields = ["Host": "t"]
                for (name, value) in headers { fields.add(name, value) }
                let head = HTTPRequestHead(method: .get, target: target, headers: fields)
                let request = ExchangeRequest(head: head, body: [], headAt: Self.now, endedAt: Self.now, firstOnConnection: false)
                let exchange = Exchange(journalID: 1, head: head, receivedAt: Self.now, seed: state.seed)
                let waiter = Waiter { hand($0) }
                waiter.answering = true
                Responder(state: state, loop: loop).answer(
                    request, exchange: exchange, now: Self.now, clientAddress: { "127.0.0.1" }, bodyStream: nil, to: waiter
                )
                waiter.answering = false
            }
        }
    }

    @Test func aBadQuery_isRefusedAtOnce_withWhatIsWrong() async {
        let taken = await answer("/bytes/10?latency=soon", state: ServerState(.init()))
        #expect(taken.refused?.contains("latency") == true)
        #expect(taken.atOnce)
        #expect(taken.known == Self.now)
    }

    @Test func aBuiltInEndpoint_startsAtOnce_theLinksLatencyAfterTheRequest() async {
        let taken = await answer("/bytes/10?latency=250ms", state: ServerState(.init()))
        #expect(taken.status == 200)
        #expect(taken.atOnce)
        #expect(taken.startAt == Self.now + .milliseconds(250))
    }

    @Test func aHandlersAnswer_comesLaterFromTheLoop_theLinksLatencyAfterIt() async {
        let route = Route(.get, "/made") { _ in .text("made", status: 201) }
        let taken = await answer("/made?latency=100ms", state: ServerState(.init(routes: [route])))
        #expect(taken.status == 201)
        #expect(!taken.atOnce)
        #expect(taken.startAt.map { $0 - taken.known } == .milliseconds(100))
    }

    /// A handler's interim heads reach its connection from the loop, in order, before its answer.
    @Test func aHandlersInterimHeads_reachTheWaiter_beforeItsAnswer() async {
        let route = Route(.get, "/hints") { request in
            for status in [103, 102, 103] {
                request.interim?(HTTPResponseHead(status: status, reason: "", version: .http1_1, headers: [:]))
            }
            return .text("made")
        }
        let taken = await answer("/hints", state: ServerState(.init(routes: [route])))
        #expect(taken.status == 200)
        #expect(taken.interim == [103, 102, 103])
    }

    /// A proxy's recorder keeps the request after its exchange ends; the request must not keep
    /// the exchange or the connection (and through it the server) alive.
    @Test func aRequestKeptAfterItsAnswer_keepsNeitherItsExchangeNorItsConnection() async throws {
        final class Watch: @unchecked Sendable {
            // Unchecked: touched on the loop only.
            weak var waiter: Waiter?
            weak var exchange: Exchange?
        }
        let kept = Lock<MockServer.Request?>(nil)
        let route = Route(.get, "/keep") { request in
            kept.withLock { $0 = request }
            return .text("kept")
        }
        let state = ServerState(.init(routes: [route]))
        let loop = EventLoop.shared
        let watch = Watch()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                let head = HTTPRequestHead(method: .get, target: "/keep", headers: ["Host": "t"])
                let request = ExchangeRequest(head: head, body: [], headAt: Self.now, endedAt: Self.now, firstOnConnection: false)
                let exchange = Exchange(journalID: 1, head: head, receivedAt: Self.now, seed: state.seed)
                let waiter = Waiter { _ in continuation.resume() }
                (watch.waiter, watch.exchange) = (waiter, exchange)
                Responder(state: state, loop: loop).answer(
                    request, exchange: exchange, now: Self.now, clientAddress: { "127.0.0.1" }, bodyStream: nil, to: waiter
                )
            }
        }
        #expect(kept.withLock { $0?.interim } != nil, "the handler's request carries its interim sink")
        // The handler's task lets go of them a moment after the answer: wait for it, not forever.
        try await waitUntil(timeout: 5) {
            await withCheckedContinuation { continuation in
                loop.execute { continuation.resume(returning: watch.waiter == nil && watch.exchange == nil) }
            }
        }
    }

    @Test func aDigestNotCachedYet_comesLater_thenAtOnce() async throws {
        let state = ServerState(.init(seed: 3))
        let expected = "sha-256=:" + Data(SHA256.hash(try Payload.bytes(seed: 3, count: 1_000))).base64EncodedString() + ":"
        let first = await answer("/bytes/1000", headers: ["Want-Repr-Digest": "sha-256"], state: state)
        #expect(first.digest == expected)
        #expect(!first.atOnce)
        let again = await answer("/bytes/1000", headers: ["Want-Repr-Digest": "sha-256"], state: state)
        #expect(again.digest == expected)
        #expect(again.atOnce)
        #expect(await answer("/bytes/1000", state: state).digest == nil)
    }
}
