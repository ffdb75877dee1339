import Dispatch
import Foundation
import MockServer
import NetworkCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request on the https:// leg, between URLSession's delegate (a Foundation thread) and
/// the route answering the client: the response head handed over once, the body through a
/// ``BodySpool`` that the client drains at its own pace, and how it ended.
final class TLSTransfer: Sendable {
    private struct State {
        var task: URLSessionDataTask?
        var head: CheckedContinuation<Result<HTTPURLResponse, UpstreamError>, Never>?
        var firstByte: Instant?
        var spool: BodySpool
        /// The client's read, parked while the spool is empty, and since when.
        var reader: CheckedContinuation<[UInt8]?, Never>?
        var parkedAt: DispatchTime?
        /// Whether an idle check is pending: one at a time, however many reads park.
        var idleCheckPending = false
        /// The upstream's body has ended, whole or not.
        var ended = false
        var failure: UpstreamError?
        /// A copy of the body for the recorder; nil when nobody records.
        var recorded: [UInt8]?
        /// The client left, or a fault cut its response: nothing more is read or kept.
        var abandoned = false
        /// Body bytes received, and the length the upstream announced.
        var received: Int64 = 0
        var expected: Int64?
        /// The recorder's call, set once the head is known; and the whole body with its end,
        /// kept in case the body ends before the call is set.
        var onComplete: (@Sendable ([UInt8], Instant) -> Void)?
        var whole: ([UInt8], Instant)?
    }

    /// The upstream's `host:port`, as error messages name it.
    let upstream: String
    private let timeout: Duration
    private let state: Lock<State>

    /// Largest piece read back from the spool's file at once.
    private static let pieceSize = 256 * 1024
    /// Bytes a client may be behind by before the rest waits on disk.
    static let memoryLimit = 4 * 1024 * 1024
    /// Where reads from the spool (which may read its file) run: off Swift's cooperative pool.
    private static let readQueue = DispatchQueue(label: "networklab.proxy.tls-spool", attributes: .concurrent)

    /// A transfer that keeps a copy of the body when `recording`, for ``whenComplete(_:)``.
    init(upstream: String, timeout: Duration, recording: Bool) {
        self.upstream = upstream
        self.timeout = timeout
        state = Lock(State(spool: BodySpool(memoryLimit: Self.memoryLimit), recorded: recording ? [] : nil))
    }

    /// Calls `record` once the body has arrived whole from the upstream (at once if it has),
    /// with the body and the instant its end arrived; never for a body that broke off.
    func whenComplete(_ record: @escaping @Sendable ([UInt8], Instant) -> Void) {
        let whole = state.withLock { state in
            state.onComplete = record
            return state.whole
        }
        if let whole { record(whole.0, whole.1) }
    }

    /// Why the body broke off, if it did.
    var failureReason: String? { state.withLock { $0.failure?.description } }

    /// When the response head arrived.
    var firstByte: Instant? { state.withLock { $0.firstByte } }

    /// Starts `task` and waits for the response head, at most the upstream timeout.
    func start(_ task: URLSessionDataTask) async -> Result<HTTPURLResponse, UpstreamError> {
        await withCheckedContinuation { continuation in
            state.withLock { state in
                state.task = task
                state.head = continuation
            }
            // Weak: a transfer whose head came needs no timer to keep it, or its body, alive.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { [weak self] in
                guard let self,
                      let waiting = state.withLock({ state in defer { state.head = nil }; return state.head }) else { return }
                task.cancel()
                waiting.resume(returning: .failure(.timedOut(upstream: upstream, after: timeout)))
            }
            task.resume()
        }
    }

    // MARK: URLSession's side

    /// The response head arrived; returns whether to read the body (false: the head timed out).
    func begin(_ response: URLResponse) -> Bool {
        let now = Instant.now()
        let waiting = state.withLock { state in
            defer { state.head = nil }
            state.firstByte = now
            state.expected = response.expectedContentLength >= 0 ? response.expectedContentLength : nil
            return state.head
        }
        guard let waiting else { return false }
        guard let http = response as? HTTPURLResponse else {
            waiting.resume(returning: .failure(.invalidResponse(upstream: upstream, reason: "not an HTTP response")))
            return false
        }
        waiting.resume(returning: .success(http))
        return true
    }

    /// Body bytes arrived: to the parked read if the client waits, to the spool otherwise.
    /// Returns false to stop the transfer (abandoned, or the spool failed).
    func receive(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        let (reader, keepGoing) = state.withLock { state -> (CheckedContinuation<[UInt8]?, Never>?, Bool) in
            if state.abandoned || state.ended { return (nil, false) }
            state.received += Int64(bytes.count)
            state.recorded?.append(contentsOf: bytes)
            if let reader = state.reader {
                // A read parks only on an empty spool: handing the bytes over keeps their order.
                state.reader = nil
                state.parkedAt = nil
                return (reader, true)
            }
            do {
                try state.spool.append(bytes)
                return (nil, true)
            } catch {
                state.failure = .brokenBody(upstream: upstream, reason: "lab proxy could not keep the body for a slow client: \(error)")
                state.ended = true
                return (nil, false)
            }
        }
        reader?.resume(returning: bytes)
        return keepGoing
    }

    /// The transfer ended, with `error` or not.
    func complete(_ error: (any Error)?) {
        let now = Instant.now()
        let (head, reader, failure, recorded) = state.withLock { state in
            defer {
                state.head = nil
                state.reader = nil
            }
            state.ended = true
            if state.failure == nil, !state.abandoned {
                if let error {
                    state.failure = UpstreamError(error, upstream: upstream, headArrived: state.head == nil)
                } else if state.head != nil {
                    state.failure = .reset(upstream: upstream, reason: "the transfer ended without a response head")
                }
            }
            var record: (@Sendable ([UInt8], Instant) -> Void)?
            if state.failure == nil, !state.abandoned, let recorded = state.recorded {
                state.whole = (recorded, now)
                record = state.onComplete
            }
            return (state.head, state.reader, state.failure, record)
        }
        head?.resume(returning: .failure(failure ?? .reset(upstream: upstream, reason: "the transfer ended without a response head")))
        reader?.resume(returning: nil)
        if let record = recorded, let whole = state.withLock({ $0.whole }) { record(whole.0, whole.1) }
    }

    // MARK: The client's side

    /// The next piece of the body; nil at its end (``failureReason`` says whether it broke off).
    func next() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            Self.readQueue.async { self.take(continuation) }
        }
    }

    /// The client left or a fault cut the response: stop the transfer and drop what waits. A
    /// body already received whole (the server stops reading once it has the announced
    /// length, before URLSession reports the end) is let finish, so that it is recorded.
    func abandon() {
        let (task, reader) = state.withLock { state -> (URLSessionDataTask?, CheckedContinuation<[UInt8]?, Never>?) in
            defer { state.reader = nil }
            state.spool = BodySpool(memoryLimit: 0)
            if let expected = state.expected, state.received >= expected, !state.ended { return (nil, state.reader) }
            state.abandoned = true
            state.ended = true
            return (state.task, state.reader)
        }
        task?.cancel()
        reader?.resume(returning: nil)
    }

    private enum Step {
        case piece([UInt8])
        case end
        case parked(checkAt: DispatchTime?)
    }

    private func take(_ continuation: CheckedContinuation<[UInt8]?, Never>) {
        let step = state.withLock { state -> Step in
            if state.abandoned { return .end }
            do {
                if let piece = try state.spool.take(upTo: Self.pieceSize) { return .piece(piece) }
            } catch {
                state.failure = .brokenBody(upstream: upstream, reason: "lab proxy lost the body it kept for a slow client: \(error)")
                state.ended = true
                state.task?.cancel()
                return .end
            }
            if state.ended { return .end }
            let now = DispatchTime.now()
            state.reader = continuation
            state.parkedAt = now
            if state.idleCheckPending { return .parked(checkAt: nil) }
            state.idleCheckPending = true
            return .parked(checkAt: now + timeout.seconds)
        }
        switch step {
        case .piece(let piece): continuation.resume(returning: piece)
        case .end: continuation.resume(returning: nil)
        case .parked(let checkAt): if let checkAt { checkIdle(at: checkAt) }
        }
    }

    /// Ends the body if the upstream sends nothing for the upstream timeout while the client
    /// waits: at `deadline`, the read parked then (or since) has waited that long, or the check
    /// moves to the deadline of the read parked now.
    private func checkIdle(at deadline: DispatchTime) {
        Self.readQueue.asyncAfter(deadline: deadline) { [weak self] in
            guard let self else { return }
            let now = DispatchTime.now()
            let (reader, task, next) = state.withLock { state -> (CheckedContinuation<[UInt8]?, Never>?, URLSessionDataTask?, DispatchTime?) in
                guard !state.ended, let reader = state.reader, let parkedAt = state.parkedAt else {
                    state.idleCheckPending = false
                    return (nil, nil, nil)
                }
                let due = parkedAt + timeout.seconds
                if due > now { return (nil, nil, due) }
                state.idleCheckPending = false
                state.reader = nil
                state.parkedAt = nil
                state.ended = true
                state.failure = .brokenBody(upstream: upstream, reason: "no body bytes for \(timeout) (--upstream-timeout)")
                return (reader, state.task, nil)
            }
            if let next { checkIdle(at: next) }
            task?.cancel()
            reader?.resume(returning: nil)
        }
    }
}
