import NetworkCore

/// One client connection: reads requests, answers them in order (pipelined ones too), and
/// closes when the protocol, a fault, a timeout, the client or the server says so.
///
/// A state machine driven by readiness events and timers on the server's event loop; it never
/// blocks and never runs anywhere else. Custom handlers run as tasks and hand their answer back
/// to the loop.
final class ServerConnection: Selectable {
    let id: Int
    let socket: Socket
    unowned let engine: ServerEngine
    var registration: Registration?

    var phase = Phase.idle
    var driving = false
    var readable = false
    var writable = false
    /// Bytes read and not yet consumed: a partial head, a body, or pipelined requests.
    var input: [UInt8] = []
    var parser: HTTPHeadParser
    var bodyReader: BodyReader?
    var headStartedAt: Instant?
    var requests = 0
    var keepAlive = true
    var exchange: Exchange?
    /// Latency, pacing and slice waits.
    var wakeTimer: TimerID?
    /// Idle, header and linger timeouts: one timer, re-armed lazily when it fires early.
    var watchdogDeadline: Instant?
    var watchdogArmedAt: Instant?

    enum Phase: Equatable {
        /// Waiting for (the rest of) a request head.
        case idle
        /// Reading a request body.
        case readingBody
        /// A handler, a digest or the link's latency is due before the response starts.
        case waiting
        /// Sending a response.
        case writing
        /// A `stall-after` fault: silent until the client leaves or the server closes.
        case stalled
        /// The last response is out and our side is shut: reading what the client still
        /// sends, so that closing does not reset the connection under its unread response.
        case lingering
        case closed
    }

    /// A request body being read.
    struct BodyReader {
        let head: HTTPRequestHead
        /// When the head was complete: the exchange's start in the journal.
        let headAt: Instant
        var remaining: Int64?
        var chunked: ChunkedDecoder?
        let collect: Bool
        var collected: [UInt8] = []
        var received: Int64 = 0
        var flow: FairShareScheduler.FlowID?
    }

    static let lingerTime = Duration.seconds(2)

    init(id: Int, socket: Socket, engine: ServerEngine) {
        self.id = id
        self.socket = socket
        self.engine = engine
        let limits = engine.state.limits
        parser = HTTPHeadParser(limits: HTTPLimits(
            maxRequestLine: limits.maxRequestLine, maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount
        ))
        setWatchdog(Instant.now() + limits.idleTimeout)
    }

    // MARK: - Events

    func handleReadiness(_ event: ReadinessEvent) {
        if event.readable || event.hangUp || event.error { readable = true }
        if event.writable || event.error { writable = true }
        drive()
    }

    /// Does all the work the current state allows, until it must wait.
    ///
    /// Not reentrant: state changes made further down (a response that starts at once, a cut,
    /// a close) call `drive()` again, which returns at once and leaves the work to this loop.
    /// Otherwise a keep-alive client that always has its next request waiting would grow the
    /// stack by one request each time, until it overflows.
    func drive() {
        guard !driving else { return }
        driving = true
        defer { driving = false }
        while true {
            switch phase {
            case .idle:
                if !input.isEmpty, parseHead() { continue }
                if phase != .idle { continue }
                guard readMore(limit: .max) else { return }
            case .readingBody:
                if consumeBody() { continue }
                // Read only once what was read is consumed, so that the socket buffer holds
                // the client back as a slow uplink would.
                guard input.isEmpty, let allowance = uploadAllowance(), readMore(limit: allowance) else { return }
            case .writing:
                guard pump() else { return }
            case .stalled, .lingering:
                drainInput()
                return
            case .waiting, .closed:
                return
            }
        }
    }

    /// Reads what the socket has (at most `limit` bytes) into `input`; false when nothing came.
    func readMore(limit: Int) -> Bool {
        guard readable, limit > 0 else { return false }
        let scratch = engine.readScratch
        let buffer = UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, limit)])
        do {
            switch try socket.receive(into: buffer) {
            case .processed(let count):
                input.append(contentsOf: buffer[..<count])
                noteActivity()
                return true
            case .wouldBlock:
                readable = false
                return false
            case .endOfStream:
                readable = false
                peerClosed()
                return false
            }
        } catch {
            abort()
            return false
        }
    }

    /// Reads and discards, closing once the client has closed too.
    func drainInput() {
        while readable {
            do {
                switch try socket.receive(into: engine.readScratch) {
                case .processed: continue
                case .wouldBlock: readable = false
                case .endOfStream: close(); return
                }
            } catch {
                close()
                return
            }
        }
    }

    func peerClosed() {
        switch phase {
        case .idle, .readingBody, .stalled, .lingering:
            // A client that leaves mid-request abandons it; one that leaves idle is done.
            close()
        case .waiting, .writing, .closed:
            // Keep going: a half-closed client may still read the response; a gone one makes
            // the next send fail.
            break
        }
    }
}
