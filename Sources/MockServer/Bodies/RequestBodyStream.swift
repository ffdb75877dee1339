import NetworkCore

/// A request body streamed from the client's connection to whatever forwards it: the event
/// loop offers pieces as the exchange machine frames them, a task pulls them.
///
/// Bounded both ways: the connection reads the client only while ``room`` is above zero (the
/// socket buffer then holds the client back, as a slow uplink would), and a pull that finds
/// nothing suspends until the loop offers more. Each side resumes the other through the loop
/// or the pull's continuation, never by polling.
///
/// ```swift
/// // on the loop, as the machine frames body bytes:
/// if stream.room > 0 { stream.offer(piece) } else { stream.whenRoom { connection.drive() } }
/// // in the forwarding task:
/// while let piece = try await stream.next() { try await upstream.write(piece) }
/// ```
final class RequestBodyStream: RequestBodySource {
    /// Most bytes offered and not yet pulled.
    static let capacity = 256 * 1024

    let length: Int64?
    private let loop: EventLoop
    private let state = Lock(State())

    private struct State {
        var pieces = FIFO<[UInt8]>()
        var buffered = 0
        var end: End = .open
        var pulled = false
        var cancelled = false
        /// The pull waiting for a piece, and what it gets: the result crosses back through
        /// this lock, not the continuation alone, so ThreadSanitizer sees the piece's bytes
        /// written on the loop before the task reads them.
        var waiter: CheckedContinuation<Void, Never>?
        var handedOver: Result<[UInt8]?, RequestBodyError>?
        /// The connection, waiting for room; run on the loop once, at the next pull.
        var roomResume: (@Sendable () -> Void)?
        /// Run on the loop at the first pull: the forwarder wants the body (`100 Continue`).
        var demandResume: (@Sendable () -> Void)?
    }

    private enum End: Equatable {
        case open, complete, failed(String)
    }

    /// A stream for a body of `length` bytes (nil: chunked) read on `loop`.
    init(length: Int64?, loop: EventLoop) {
        self.length = length
        self.loop = loop
    }

    // MARK: - The loop's side

    /// How many more bytes the stream takes now: 0 once it is full, ended or cancelled.
    var room: Int {
        state.withLock { state in
            state.end == .open && !state.cancelled ? max(0, Self.capacity - state.buffered) : 0
        }
    }

    /// Body bytes, in order; dropped once the consumer cancelled.
    func offer(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.end == .open, !state.cancelled else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                state.handedOver = .success(bytes)
                return waiter
            }
            state.pieces.append(bytes)
            state.buffered += bytes.count
            return nil
        }
        waiter?.resume()
    }

    /// The body is complete: the consumer gets nil after the last piece.
    func finish() {
        end(.complete)
    }

    /// The body broke off: the consumer's next pull throws `reason`.
    func fail(_ reason: String) {
        end(.failed(reason))
    }

    private func end(_ end: End) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.end == .open else { return nil }
            state.end = end
            state.roomResume = nil
            if case .failed = end {
                state.pieces = FIFO()
                state.buffered = 0
            }
            // Only a waiting pull is handed the end; any other may still have a piece to take.
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            if case .failed(let reason) = end {
                state.handedOver = .failure(RequestBodyError(reason: reason))
            } else {
                state.handedOver = .success(nil)
            }
            return waiter
        }
        waiter?.resume()
    }

    /// Runs `resume` on the loop once the consumer has pulled (and so made room). Only the
    /// latest `resume` runs, once.
    func whenRoom(_ resume: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            guard state.end == .open, !state.cancelled else { return false }
            if state.buffered < Self.capacity { return true }
            state.roomResume = resume
            return false
        }
        if now { loop.execute(resume) }
    }

    /// Runs `resume` on the loop at the consumer's first pull (at once if it pulled already).
    func whenDemanded(_ resume: @escaping @Sendable () -> Void) {
        let pulled = state.withLock { state -> Bool in
            if !state.pulled { state.demandResume = resume }
            return state.pulled
        }
        if pulled { loop.execute(resume) }
    }

    // MARK: - The consumer's side

    func next() async throws(RequestBodyError) -> [UInt8]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                var wake: [@Sendable () -> Void] = []
                let ready = state.withLock { state -> Result<[UInt8]?, RequestBodyError>? in
                    if !state.pulled, let demand = state.demandResume { wake.append(demand) }
                    state.pulled = true
                    state.demandResume = nil
                    if state.cancelled { return .failure(RequestBodyError(reason: "the request body was cancelled")) }
                    if let piece = state.pieces.popFirst() {
                        state.buffered -= piece.count
                        if let resume = state.roomResume { wake.append(resume) }
                        state.roomResume = nil
                        return .success(piece)
                    }
                    switch state.end {
                    case .complete: return .success(nil)
                    case .failed(let reason): return .failure(RequestBodyError(reason: reason))
                    case .open: break
                    }
                    state.waiter = continuation
                    // Empty and waiting: the connection may read again.
                    if let resume = state.roomResume { wake.append(resume) }
                    state.roomResume = nil
                    return nil
                }
                for resume in wake { loop.execute(resume) }
                if let ready {
                    state.withLock { $0.handedOver = ready }
                    continuation.resume()
                }
            }
        } onCancel: {
            cancel()
        }
        // Set before every resume above.
        return try state.withLock { $0.handedOver.take() }!.get()
    }

    func cancel() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.cancelled = true
            state.pieces = FIFO()
            state.buffered = 0
            state.roomResume = nil
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.handedOver = .failure(RequestBodyError(reason: "the request body was cancelled"))
            return waiter
        }
        waiter?.resume()
    }

    func rewind() -> Bool {
        state.withLock { !$0.pulled }
    }
}
