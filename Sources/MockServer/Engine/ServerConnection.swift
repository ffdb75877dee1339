import NetworkCore

/// One client connection on the server's event loop: the driver of its ``ExchangeMachine``.
///
/// It moves bytes between the socket and the machine, reads the clock once per event, carries
/// out the machine's actions (a request to the engine's ``Responder``, journalling, closing),
/// arms the timers the machine and the response's stages ask for, and pumps response bodies
/// from their sources through their stages. It never blocks and never runs anywhere else: what
/// takes time (a route's handler, a digest) runs elsewhere and comes back as an event.
final class ServerConnection: Selectable {
    let id: Int
    let socket: Socket
    unowned let engine: ServerEngine
    /// Writes response bytes to `socket`.
    let writer: ResponseWriter
    var registration: Registration?

    var machine: ExchangeMachine
    /// The time of the event being handled: read once when it arrives.
    var now: Instant
    var driving = false
    var readable = false
    var writable = false
    /// The request being answered: its response and how far it got.
    var exchange: Exchange?
    /// The request body being read under the upload link, while one is (a control endpoint's
    /// is not): see ``ServerEngine/startUpload(_:owner:at:)``.
    var upload: ServerEngine.Upload?
    /// The body of the request being answered, while it streams to its handler (a proxy's upstream).
    var requestFeed: RequestBodyFeed?
    /// Latency, pacing and slice waits.
    let wakeTimer: LoopTimer
    /// The machine's timeouts: one timer, armed for the earliest deadline and re-armed when it
    /// fires early (a deadline that moved later). Cancelled when the connection closes: its
    /// action holds the connection, which holds the routing table (and a proxy's forwarder and
    /// recorder).
    let watchdog: LoopTimer

    var phase: ExchangeMachine.Phase { machine.phase }

    init(id: Int, socket: Socket, engine: ServerEngine) {
        self.id = id
        self.socket = socket
        self.engine = engine
        writer = ResponseWriter(socket: socket, scratch: engine.writeScratch, state: engine.state)
        (wakeTimer, watchdog) = (LoopTimer(loop: engine.loop), LoopTimer(loop: engine.loop))
        now = Instant.now()
        let table = engine.state.table
        machine = ExchangeMachine(
            limits: engine.state.limits, collectsBody: { table.needsBody($0) }, streamsBody: { table.streamedBodyLimit(for: $0) }, now: now
        )
        armWatchdog()
    }

    // MARK: - Events

    func handleReadiness(_ event: ReadinessEvent) {
        if event.readable || event.hangUp || event.error { readable = true }
        if event.writable || event.error { writable = true }
        now = Instant.now()
        // While the server closes, a client whose FIN was still on its way at the first look
        // (`serverClosing()`) must not be waited out either: look again when its socket stirs.
        if machine.closing, machine.isAnswering, readable { serverClosing() } else { drive() }
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
            case .idle, .readingBody, .stalled, .lingering:
                guard let allowance = phase == .readingBody ? uploadAllowance() : .max, advance(allowance: allowance) else { return }
            case .waiting, .writing:
                if machine.streaming, streamBody() { continue }
                guard phase == .writing, pump() else { return }
            case .closed:
                return
            }
        }
    }

    /// Lets the machine act on the bytes it holds, else reads more (within `allowance`, the
    /// upload pacing's and a streamed body's room); false when neither happened.
    func advance(allowance: Int) -> Bool {
        let actions = machine.advance(now: now, uploadAllowance: allowance)
        // An incomplete head starts the header timeout without any action.
        armWatchdog()
        if !actions.isEmpty {
            perform(actions)
            return true
        }
        guard let limit = machine.readLimit else { return false }
        return readMore(limit: min(limit, allowance))
    }

    /// Reads what the socket has (at most `limit` bytes) into the machine; false when
    /// nothing came.
    func readMore(limit: Int) -> Bool {
        guard readable, limit > 0 else { return false }
        let scratch = engine.readScratch
        let buffer = UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, limit)])
        do {
            switch try socket.receive(into: buffer) {
            case .processed(let count):
                machine.receive(UnsafeRawBufferPointer(rebasing: buffer[..<count]), now: now)
                armWatchdog()
                return true
            case .wouldBlock:
                readable = false
                return false
            case .endOfStream:
                readable = false
                perform(machine.endOfInput())
                return false
            }
        } catch {
            abort()
            return false
        }
    }

    /// Carries out the machine's actions, in order.
    func perform(_ actions: [ExchangeAction]) {
        for action in actions {
            switch action {
            case .write(let bytes):
                _ = bytes.withUnsafeBytes { try? socket.send($0) }
            case .uploadStarted(let head):
                engine.startUpload(head, owner: self, at: now)
            case .uploaded(let count):
                if let flow = upload?.flow, count > 0 { engine.uplink.consume(flow, bytes: count, at: now) }
            case .uploadEnded:
                engine.endUpload(self, at: now)
            case .streamBody(let bytes):
                exchange?.streamedBody?.append(bytes)
                requestFeed?.stream.offer(bytes)
            case .streamEnded(let end):
                endStream(end)
            case .dispatch(let request):
                answer(request)
            case .reject(let rejection):
                answer(rejection)
            case .sendHead(let bytes, let chunked):
                guard let exchange else { break }
                exchange.headBytes = bytes
                exchange.chunked = chunked
                if exchange.immediate == .none && exchange.bodyBudget > 0 && exchange.shaped { engine.attachFlow(exchange, owner: self, at: now) }
            case .journal(let aborted):
                finishExchange(aborted: aborted)
            case .shutDownWriting:
                socket.shutdownWrite()
                wakeTimer.cancel()
            case .reset:
                socket.setResetOnClose()
            case .close:
                // The timers' actions hold the connection: a closed one is freed now, not at
                // their deadlines.
                for timer in [wakeTimer, watchdog] { timer.cancel() }
                requestFeed?.pacingTimer.cancel()
                engine.connectionClosed(self)
            }
        }
        armWatchdog()
        // A response that started, or a request that ended, leaves work for the loop.
        drive()
    }
}
