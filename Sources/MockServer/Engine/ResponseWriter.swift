import NetworkCore

/// The socket side of sending a response: one system call for what its ``ResponsePump``
/// allows, the head and body assembled in the server's ``WriteScratch`` (or the bytes a short
/// write left there), or a proxied body sent from its ``UpstreamSocketBody``'s buffer.
///
/// It decides nothing and keeps no state: the pump says how much may go,
/// ``send(_:at:writable:pacing:)`` writes it and counts what went (``ResponsePump/wrote(_:at:)``),
/// and the driver waits for what it stopped at: writability, a timer or the source.
struct ResponseWriter {
    let socket: Socket
    let scratch: WriteScratch
    /// Counts the body bytes sent, for the dashboard, and those a proxy sent directly, for its benchmark.
    let state: ServerState

    /// What one write did.
    enum Outcome: Equatable {
        /// The socket took `count` bytes; `full` when it took fewer than it was offered.
        case wrote(Int, full: Bool)
        /// The socket took nothing: it is full.
        case full
        /// The connection failed, or the body can no longer be sent as announced (the
        /// exchange says why): the connection must close.
        case failed
    }

    /// Where ``send(_:at:writable:pacing:)`` stopped.
    enum Stop: Equatable {
        /// The socket is full: wait until it is writable.
        case full
        /// A stage holds the body until this instant.
        case wake(at: Instant)
        /// The source has nothing yet: wait for it (`BodySource.whenReady`).
        case awaitSource
        /// The response is over: complete, or cut by its fault.
        case ended(ExchangeMachine.ResponseEnd)
        /// The connection failed, or the body can no longer be sent as announced (the
        /// exchange says why): the connection must close.
        case failed
    }

    /// Sends what `pump` allows at `now`, write after write, until it must wait or the
    /// response is over; counts each write for the exchange, the server and `pacing`.
    func send(_ pump: ResponsePump, at now: Instant, writable: Bool, pacing: FairShareScheduler) -> Stop {
        let exchange = pump.exchange
        while true {
            switch pump.next(at: now, writable: writable, pacing: pacing) {
            case .write(let head, let body):
                switch write(pump, head: head, budget: body) {
                case .wrote(let count, let full):
                    let bodySent = pump.wrote(count, at: now)
                    if bodySent > 0, exchange.shaped { state.bodyBytesSent.add(Int64(bodySent), ordering: .relaxed) }
                    if bodySent > 0, let flow = exchange.flow { pacing.consume(flow, bytes: bodySent, at: now) }
                    if full { return .full }
                case .full: return .full
                case .failed: return .failed
                }
            case .blocked: return .full
            case .wake(let deadline): return .wake(at: deadline)
            case .awaitSource: return .awaitSource
            case .ended(let end): return .ended(end)
            case .abort: return .failed
            }
        }
    }

    /// Writes the `head` queued bytes and up to `budget` body bytes of `pump`'s exchange.
    func write(_ pump: ResponsePump, head: Int, budget: Int64) -> Outcome {
        let exchange = pump.exchange
        let offset = (exchange.plan?.range.lowerBound ?? 0) + exchange.bodySent
        let region: UnsafeRawBufferPointer
        if head == 0, budget > 0, let kept = scratch.kept(for: exchange, at: exchange.bodySent) {
            region = UnsafeRawBufferPointer(rebasing: kept[..<min(kept.count, Int(budget))])
        } else if head == 0, budget > 0, exchange.corruption == nil, let direct = exchange.plan?.body as? UpstreamSocketBody {
            let outcome = call { () throws(SocketError) in
                try direct.send(to: socket, at: offset, upTo: Int(min(budget, Int64(Int.max))), through: scratch.relay)
            }
            if case .wrote(let count, _) = outcome {
                state.directBodyBytes.add(Int64(count), ordering: .relaxed)
                // A short send may leave room, and a send of nothing means the upstream had
                // nothing after all: the next round finds out (it would block when full).
                return .wrote(count, full: false)
            }
            return outcome
        } else {
            region = scratch.assemble(
                head: exchange.headBytes, from: exchange.headSent, count: head, bodyOffset: offset, budget: budget
            ) { pump.readBody(into: $0) }
        }
        guard !region.isEmpty else {
            // A file shrank under us: what was announced can no longer be sent.
            exchange.outcome = .aborted
            exchange.error = "the fixture changed while it was being sent"
            return .failed
        }
        let outcome = call(offering: region.count) { () throws(SocketError) in try socket.send(region) }
        if case .wrote(let sent, true) = outcome {
            // Kept under the body offset the write reaches (it sent the whole head, or keeps nothing).
            let reached = exchange.bodySent + Int64(max(0, sent - head))
            scratch.keepUnsent(of: region, sent: sent, headCount: head, for: exchange, at: reached)
        }
        return outcome
    }

    /// One socket call offering `offered` bytes (a proxy's socket body offers what it reads).
    private func call(offering offered: Int = .max, _ move: () throws(SocketError) -> Socket.IOResult) -> Outcome {
        do {
            switch try move() {
            case .processed(let count): return .wrote(count, full: count < offered)
            case .wouldBlock, .endOfStream: return .full
            }
        } catch {
            return .failed
        }
    }
}
