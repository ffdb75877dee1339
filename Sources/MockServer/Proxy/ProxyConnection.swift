#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

/// The driver of one proxied connection: moves bytes between the client's and the upstream's
/// sockets through a ``RelayPipe`` per direction, paced by the engine's schedulers.
///
/// Everything here runs on the engine's loop. `pump()` is the one place that reads, writes and
/// ends: every socket event, timer and settings change calls it.
final class ProxyConnection {
    let ordinal: Int
    unowned let engine: ProxyEngine
    private(set) var client: ProxySide!
    private(set) var upstream: ProxySide?
    private var connected = false
    /// Per direction (upstream, downstream).
    var pipes: [RelayPipe]
    var flows: [ProxyEngine.FlowKey?] = [nil, nil]
    /// Per direction: the credit its flow held when it last paused (nothing to send).
    var pausedCredit: [Double] = [0, 0]
    /// When each toxic began to apply to this connection, and at which stream offset.
    private var activations: [[String: (since: Instant, offset: Int64)]] = [[:], [:]]
    /// The next latency, slice or pacing deadline of either direction.
    private let timer: LoopTimer
    /// The link's connect latency, before the upstream is dialled.
    private let connectTimer: LoopTimer
    private var closed = false
    private var pumping = false
    private let openedAt: Instant
    private let clientAddress: String
    private var appliedNames: [String] = []

    init(ordinal: Int, client socket: Socket, engine: ProxyEngine, at now: Instant) {
        self.ordinal = ordinal
        openedAt = now
        self.engine = engine
        (timer, connectTimer) = (LoopTimer(loop: engine.loop), LoopTimer(loop: engine.loop))
        clientAddress = (try? Self.peerAddress(socket)) ?? "?"
        let state = engine.state
        pipes = Toxic.Stream.allCases.map { stream in
            RelayPipe(seed: state.seed, key: "\(state.name)#\(ordinal) \(stream.rawValue)", corruptionKey: "\(state.name) \(stream.rawValue)")
        }
        client = ProxySide(socket: socket, connection: self) { connection, _ in connection.pump() }
    }

    /// Registers the client, applies the settings, and connects to the upstream after the
    /// link's connect latency (unless a fault already ended the connection).
    func start() {
        do {
            client.registration = try engine.loop.register(client, fd: client.socket.fd)
        } catch {
            client.socket.close()
            engine.connectionClosed(self, record: record(ending: "cannot watch the client: \(error)", at: openedAt))
            closed = true
            return
        }
        applySettings(at: openedAt)
        appliedNames = Toxic.Stream.allCases.flatMap { stream in activations[stream.index].keys.sorted().map { "\(stream.rawValue): \($0)" } }
        pump()
        guard !closed else { return }
        let delay = engine.state.settings.link.connectLatency
        if delay > .zero {
            connectTimer.arm(at: openedAt + delay) { [self] in connectUpstream() }
        } else {
            connectUpstream()
        }
    }

    private func connectUpstream() {
        guard !closed else { return }
        do {
            let socket = try Socket.tcp(family: engine.upstream.family)
            let side = ProxySide(socket: socket, connection: self) { connection, _ in connection.upstreamReady() }
            upstream = side
            side.readable = false
            side.writable = false
            connected = try socket.connect(to: engine.upstream)
            socket.setNoDelay()
            limitSendBuffer(.upstream)
            side.registration = try engine.loop.register(side, fd: socket.fd)
            if connected { side.writable = true }
        } catch {
            finish(.close, reason: "upstream unreachable: \(error)")
            return
        }
        pump()
    }

    private func upstreamReady() {
        if !connected, let upstream, upstream.writable {
            let failure = upstream.socket.pendingError()
            guard failure == 0 else {
                finish(.close, reason: "upstream unreachable: \(SocketError("connect(\(engine.upstream))", code: failure))")
                return
            }
            connected = true
        }
        pump()
    }

    // MARK: - Settings

    func settingsChanged(at now: Instant) {
        guard !closed else { return }
        applySettings(at: now)
        pump()
    }

    private func applySettings(at now: Instant) {
        let state = engine.state
        // The shared settings, not the engine's copy: a change made before this connection
        // was accepted applies to it even if the loop has not run the change's work yet.
        let current = state.settings
        for stream in Toxic.Stream.allCases {
            let index = stream.index
            let effects = current.effects(seed: state.seed, name: state.name, ordinal: ordinal, stream: stream)
            var kept: [String: (since: Instant, offset: Int64)] = [:]
            var folded: [(effect: Toxic.Effect, since: Instant, offset: Int64)] = []
            for (name, effect) in effects {
                let activation = activations[index][name] ?? (now, pipes[index].ingested)
                kept[name] = activation
                folded.append((effect, activation.since, activation.offset))
            }
            activations[index] = kept
            let settings = RelaySettings(folded)
            let wasPaced = pipes[index].settings.pacingRate
            pipes[index].update(settings, at: now)
            if settings.pacingRate != wasPaced { limitSendBuffer(stream) }
            updateFlow(stream, at: now)
        }
    }

    // MARK: - Moving bytes

    /// Reads, writes and ends whatever can be at this instant, then sleeps until the next
    /// deadline.
    func pump() {
        guard !closed, !pumping else { return }
        pumping = true
        defer { pumping = false }
        var rounds = 0
        var progress = true
        var now = Instant.now()
        while progress, !closed, rounds < 16 {
            rounds += 1
            now = Instant.now()
            progress = false
            for stream in Toxic.Stream.allCases where !closed {
                progress = move(stream, at: now) || progress
            }
            if !closed { checkEndings(at: now) }
        }
        guard !closed else { return }
        if progress {
            // More work is ready; let other connections have the loop first.
            let bound = LoopBound(self)
            engine.loop.execute { bound.value.pump() }
            return
        }
        // The round's own instant: a piece released since then gets a timer that fires at
        // once, where a later instant would find it ready, arm nothing, and stall.
        arm(at: now)
    }

    private func source(_ stream: Toxic.Stream) -> ProxySide? {
        stream == .upstream ? client : (connected ? upstream : nil)
    }

    private func destination(_ stream: Toxic.Stream) -> ProxySide? {
        stream == .upstream ? (connected ? upstream : nil) : client
    }

    /// Moves what it can in one direction; true when something moved.
    private func move(_ stream: Toxic.Stream, at now: Instant) -> Bool {
        let index = stream.index
        var moved = false
        activateFlow(stream, at: now)
        defer { if !closed { activateFlow(stream, at: now) } }
        if let destination = destination(stream), destination.writable, !destination.writeShut {
            moved = write(stream, to: destination, at: now)
        }
        // Until the upstream is connected, the client's bytes wait in the kernel: read then,
        // they would be held here instead of going straight on.
        guard !closed, let source = source(stream), source.readable, pipes[index].wantsInput,
              destination(stream) != nil else { return moved }
        // Bytes no stage needs to see go straight from the read buffer to a destination that
        // takes them, read in pieces as large as it has room for beyond what the pipe may
        // hold: fewer, larger reads and sends cost the proxy and the reader less CPU per byte.
        // What the destination leaves is about the pipe's room at most, so memory stays bounded.
        let forwardTo = destination(stream).flatMap { pipes[index].canForward && $0.writable && !$0.writeShut ? $0 : nil }
        let limit = pipes[index].room + (forwardTo?.socket.sendBufferRoom() ?? 0)
        let scratch = UnsafeMutableRawBufferPointer(rebasing: engine.readScratch.prefix(limit))
        let result: Socket.IOResult
        do {
            result = try source.socket.receive(into: scratch)
        } catch {
            pipes[index].sourceEnded(reset: true, at: now)
            return true
        }
        switch result {
        case .wouldBlock:
            source.readable = false
        case .endOfStream:
            source.readable = false
            pipes[index].sourceEnded(reset: false, at: now)
            moved = true
        case .processed(let count):
            moved = true
            var taken = 0
            if let forwardTo {
                switch (try? forwardTo.socket.send(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))) ?? .wouldBlock {
                case .processed(let sent): taken = sent
                default: forwardTo.writable = false
                }
                pipes[index].forwarded(taken)
            }
            if taken < count {
                pipes[index].ingest(UnsafeRawBufferPointer(rebasing: scratch[taken..<count]), at: now)
            }
        }
        return moved
    }

    private func write(_ stream: Toxic.Stream, to destination: ProxySide, at now: Instant) -> Bool {
        let index = stream.index
        var moved = false
        while destination.writable {
            let ready = pipes[index].ready(at: now)
            guard !ready.isEmpty else { break }
            var allowed = ready.count
            if let flow = flows[index] {
                // A whole chunk (or what is ready) at a time, as `arm` wakes for: writing every
                // trickle of credit that built up since sent a few bytes per write.
                let scheduler = engine.scheduler(flow)
                allowed = min(allowed, scheduler.chunkSize(for: flow.flow))
                guard scheduler.available(flow.flow, at: now) >= allowed else { break }
            }
            let result = ready.withUnsafeBytes { bytes in
                (try? destination.socket.send(UnsafeRawBufferPointer(rebasing: bytes[0..<allowed]))) ?? .endOfStream
            }
            switch result {
            case .processed(let sent):
                pipes[index].consume(sent)
                if let flow = flows[index] { engine.scheduler(flow).consume(flow.flow, bytes: sent, at: now) }
                moved = true
            case .wouldBlock:
                destination.writable = false
            case .endOfStream:
                // The destination broke (reset): the other side sees the same.
                finish(.reset, reason: "reset by \(stream == .upstream ? "upstream" : "client")")
                return true
            }
        }
        return moved
    }

    private func checkEndings(at now: Instant) {
        for stream in Toxic.Stream.allCases {
            let index = stream.index
            let destination = destination(stream)
            let unsent = pipes[index].awaitsDrain ? destination?.socket.unsentBytes() ?? 0 : 0
            switch pipes[index].ending(at: now, unsentBytes: unsent) {
            case nil:
                continue
            case .reset:
                let byPeer = pipes[index].sourceEnd == .reset
                finish(.reset, reason: byPeer ? "reset by \(stream == .upstream ? "client" : "upstream")" : "reset")
                return
            case .close:
                finish(.close, reason: "close")
                return
            case .fin:
                guard let destination, !destination.writeShut else { continue }
                destination.socket.shutdownWrite()
                destination.writeShut = true
            }
        }
        if client.writeShut, upstream?.writeShut == true {
            finish(.close, reason: "closed")
        }
    }

    private func arm(at now: Instant) {
        var wake = Toxic.Stream.allCases.compactMap { pipes[$0.index].nextWake(at: now) }
        for stream in Toxic.Stream.allCases {
            let index = stream.index
            if pipes[index].awaitsDrain { wake.append(now + .milliseconds(1)) }
            guard let flow = flows[index], let destination = destination(stream), destination.writable else { continue }
            let ready = pipes[index].ready(at: now)
            guard !ready.isEmpty else { continue }
            let scheduler = engine.scheduler(flow)
            if let deadline = scheduler.deadline(flow.flow, forBytes: min(ready.count, scheduler.chunkSize(for: flow.flow)), at: now) {
                wake.append(max(deadline, now))
            }
        }
        let deadline = wake.min()
        guard deadline != timer.deadline else { return }
        if let deadline {
            timer.arm(at: deadline) { [self] in pump() }
        } else {
            timer.cancel()
        }
    }

    // MARK: - Ending

    /// Ends the connection: `.close` closes both sockets cleanly, `.reset` resets both.
    func finish(_ how: RelayPipe.Ending, reason: String) {
        guard !closed else { return }
        closed = true
        let now = Instant.now()
        timer.cancel()
        connectTimer.cancel()
        for flow in flows.compactMap({ $0 }) { engine.removeFlow(flow, at: now) }
        flows = [nil, nil]
        for side in [client, upstream].compactMap({ $0 }) {
            if let registration = side.registration { engine.loop.deregister(registration, fd: side.socket.fd) }
            if how == .reset {
                side.socket.setResetOnClose()
            } else {
                // Unread bytes at close would make the kernel send a reset instead of a FIN.
                drainInput(side.socket)
            }
            side.socket.close()
        }
        engine.connectionClosed(self, record: record(ending: reason, at: now))
    }

    private func drainInput(_ socket: Socket) {
        let scratch = engine.readScratch
        for _ in 0..<64 {
            guard case .processed? = try? socket.receive(into: scratch) else { return }
        }
    }

    private func record(ending: String, at now: Instant) -> ProxyConnectionRecord {
        let state = engine.state
        return ProxyConnectionRecord(
            ordinal: ordinal, client: clientAddress, opened: state.elapsed(at: openedAt),
            closed: state.elapsed(at: now),
            bytesUpstream: pipes[0].delivered, bytesDownstream: pipes[1].delivered,
            toxics: appliedNames, ending: ending)
    }

    private static func peerAddress(_ socket: Socket) throws -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(socket.fd, $0, &length) }
        }
        guard status == 0, let address = SocketAddress(storage: storage) else { throw SocketError("getpeername") }
        return address.description
    }
}
