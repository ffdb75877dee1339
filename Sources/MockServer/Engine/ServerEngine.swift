#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

/// The event-loop side of one server: the listening socket, the open connections, and the
/// link schedulers that pace every response (and request) body.
///
/// Everything here runs on `loop`'s thread; the public ``MockServer`` reaches it through
/// `loop.execute`.
final class ServerEngine: @unchecked Sendable {
    // Unchecked: all mutable state is touched only on `loop`'s thread (work arrives through
    // `loop.execute`); `state` and `loop` are themselves thread-safe.

    let loop: EventLoop
    let state: ServerState
    /// Turns each whole request into the plan of its response.
    let responder: Responder
    private let listener: Socket
    private lazy var acceptor = Acceptor(
        listener: listener, loop: loop, hasRoom: { [unowned self] in connections.count < state.limits.maxConnections }
    ) { [unowned self] socket in open(socket) }
    private var connections: [Int: ServerConnection] = [:]
    private var nextConnectionID = 0
    private(set) var closing = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    /// Paces response bodies: per-connection caps and the shared link.
    private(set) var downlink: FairShareScheduler
    /// Paces request bodies the same way.
    private(set) var uplink: FairShareScheduler
    private var flowOwners: [FairShareScheduler.FlowID: ServerConnection] = [:]
    private var uploadOwners: [FairShareScheduler.FlowID: ServerConnection] = [:]
    /// Responses sending without pacing, which a new link must start pacing.
    private var unpaced: [ObjectIdentifier: (Exchange, ServerConnection)] = [:]
    /// Request bodies read without pacing (nothing limited them), which a new link must start pacing.
    private var unpacedUploads: [ObjectIdentifier: ServerConnection] = [:]
    private var settleScheduled = false

    let readScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    let writeScratch = WriteScratch()

    init(listener: Socket, state: ServerState, loop: EventLoop) {
        self.listener = listener
        self.state = state
        self.loop = loop
        responder = Responder(state: state, loop: loop)
        let link = state.link
        downlink = FairShareScheduler(linkBandwidth: link.linkBandwidth?.bytesPerSecond)
        uplink = FairShareScheduler(linkBandwidth: link.uploadLinkBandwidth?.bytesPerSecond)
    }

    deinit {
        readScratch.deallocate()
    }

    /// Starts accepting. *Loop only.*
    func activate() throws(SocketError) {
        try acceptor.activate()
    }

    /// The number of open connections. *Loop only.*
    var connectionCount: Int { connections.count }

    /// The exchanges being answered, oldest first. *Loop only.*
    var inFlight: [InFlightExchange] {
        connections.values.compactMap(\.inFlight).sorted { $0.id < $1.id }
    }

    // MARK: - Accepting

    private func open(_ socket: Socket) {
        socket.setNoDelay()
        let connection = ServerConnection(id: nextConnectionID, socket: socket, engine: self)
        nextConnectionID += 1
        do {
            connection.registration = try loop.register(connection, fd: socket.fd)
        } catch {
            socket.close()
            return
        }
        connections[connection.id] = connection
    }

    /// A connection ended: release its descriptor. *Loop only.*
    func connectionClosed(_ connection: ServerConnection) {
        if let registration = connection.registration {
            loop.deregister(registration, fd: connection.socket.fd)
        }
        connection.socket.close()
        connections[connection.id] = nil
        if closing {
            if connections.isEmpty { resumeCloseWaiters() }
        } else {
            acceptor.acceptPending()
        }
    }

    // MARK: - Closing

    /// Stops accepting, lets in-flight responses finish, and resumes `waiter` when the last
    /// connection has closed. *Loop only.*
    func close(_ waiter: CheckedContinuation<Void, Never>) {
        closeWaiters.append(waiter)
        if !closing {
            closing = true
            // The link observer holds this engine, and the state it observes is ours: without
            // this, a closed server (its buffers and journal) would never be freed.
            state.onLinkChange(nil)
            acceptor.close()
            for connection in Array(connections.values) { connection.serverClosing() }
        }
        if connections.isEmpty { resumeCloseWaiters() }
    }

    /// Cuts every connection at once, in-flight or not. *Loop only.*
    func closeClientConnections() {
        for connection in Array(connections.values) { connection.abort() }
    }

    private func resumeCloseWaiters() {
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - Pacing

    /// Starts pacing a response body (or lets it run free when nothing limits it), under the
    /// link in force now: it may have changed while the request waited for its handler, digest
    /// or latency. A body that paused starts with the `credit` it paused with. *Loop only.*
    func attachFlow(_ exchange: Exchange, owner: ServerConnection, at now: Instant, credit: Double = 0) {
        guard exchange.followLink(state.link, sharedBandwidth: downlink.linkBandwidth) else {
            unpaced[ObjectIdentifier(exchange)] = (exchange, owner)
            return
        }
        let flow = downlink.addFlow(cap: exchange.cap, at: now, credit: credit)
        exchange.flow = flow
        flowOwners[flow] = owner
        // One of the two is set (else the body is unpaced), so the tighter is finite.
        owner.socket.limitSendBuffer(pacedAt: min(exchange.cap ?? .infinity, downlink.linkBandwidth ?? .infinity))
        scheduleSettle()
    }

    /// A paced body waits for its source (a proxy's upstream that has sent nothing more): it
    /// leaves the link until ``resumeFlow(_:owner:at:)``, so it takes no share of a shared link
    /// and earns no credit to burst with later, and keeps the credit it had. *Loop only.*
    func pauseFlow(_ exchange: Exchange, at now: Instant) {
        if let credit = leaveLink(exchange, at: now) { exchange.pausedCredit = credit }
    }

    /// Paces a paused body again, under the link in force now, with the credit it paused with.
    /// *Loop only.*
    func resumeFlow(_ exchange: Exchange, owner: ServerConnection, at now: Instant) {
        guard let credit = exchange.pausedCredit else { return }
        exchange.pausedCredit = nil
        attachFlow(exchange, owner: owner, at: now, credit: credit)
    }

    /// Stops pacing a body that ended. *Loop only.*
    func detachFlow(_ exchange: Exchange, at now: Instant) {
        unpaced[ObjectIdentifier(exchange)] = nil
        exchange.pausedCredit = nil
        leaveLink(exchange, at: now)
    }

    /// Takes a paced body's flow off the link; returns the credit it held, nil when it had no
    /// flow.
    @discardableResult
    private func leaveLink(_ exchange: Exchange, at now: Instant) -> Double? {
        guard let flow = exchange.flow else { return nil }
        exchange.flow = nil
        flowOwners[flow] = nil
        defer { scheduleSettle() }
        return downlink.removeFlow(flow, at: now)
    }

    /// A request body being read under the upload link, as its connection holds it.
    struct Upload {
        /// Its flow on `uplink`; nil while nothing limits it.
        var flow: FairShareScheduler.FlowID?
        /// Whether its query fixed its cap, which link changes then leave alone.
        let capFromQuery: Bool
    }

    /// A request body starts on `owner`: pace it as its route says (``RoutingTable/UploadPacing``),
    /// under its query's upload cap or the link's, sharing the upload link; one that nothing
    /// limits is left unpaced until a link change limits it. *Loop only.*
    func startUpload(_ head: HTTPRequestHead, owner: ServerConnection, at now: Instant) {
        let pacing = state.table.uploadPacing(for: head)
        guard pacing != .unpaced else { return }
        let query = pacing == .queryOrLink ? head.query : nil
        let link = state.link
        let cap = link.uploadCap(query: query)
        owner.upload = Upload(flow: nil, capFromQuery: LinkProfile.uploadCapIsFixed(byQuery: query))
        guard cap != nil || link.uploadLinkBandwidth != nil else {
            unpacedUploads[ObjectIdentifier(owner)] = owner
            return
        }
        paceUpload(owner, cap: cap, at: now)
    }

    private func paceUpload(_ owner: ServerConnection, cap: Double?, at now: Instant) {
        let flow = uplink.addFlow(cap: cap, at: now)
        owner.upload?.flow = flow
        uploadOwners[flow] = owner
        scheduleSettle()
    }

    /// `owner`'s request body ended: stop pacing it. *Loop only.*
    func endUpload(_ owner: ServerConnection, at now: Instant) {
        unpacedUploads[ObjectIdentifier(owner)] = nil
        if let flow = owner.upload?.flow {
            uploadOwners[flow] = nil
            uplink.removeFlow(flow, at: now)
            scheduleSettle()
        }
        owner.upload = nil
    }

    /// The server's link changed: bodies in flight, responses and requests, follow the new caps
    /// from now on. *Loop only.*
    func linkChanged(_ link: LinkProfile) {
        let now = Instant.now()
        downlink.setLinkBandwidth(link.linkBandwidth?.bytesPerSecond, at: now)
        uplink.setLinkBandwidth(link.uploadLinkBandwidth?.bytesPerSecond, at: now)
        let cap = link.bandwidth?.bytesPerSecond
        for (flow, owner) in flowOwners {
            guard let exchange = owner.exchange, exchange.flow == flow, !exchange.capFromQuery else { continue }
            exchange.cap = cap
            downlink.setCap(flow, cap, at: now)
        }
        if cap != nil || downlink.linkBandwidth != nil {
            let waiting = unpaced
            unpaced.removeAll()
            for (exchange, owner) in waiting.values { attachFlow(exchange, owner: owner, at: now) }
        }
        // Request bodies being read follow the new upload caps the same way.
        let uploadCap = link.uploadBandwidth?.bytesPerSecond
        for (flow, owner) in uploadOwners where owner.upload?.capFromQuery == false {
            uplink.setCap(flow, uploadCap, at: now)
        }
        if uploadCap != nil || uplink.linkBandwidth != nil {
            let waiting = unpacedUploads
            unpacedUploads.removeAll()
            for owner in waiting.values { paceUpload(owner, cap: uploadCap, at: now) }
        }
        scheduleSettle()
    }

    /// Recomputes fair shares once per loop iteration, after all of its changes, and moves
    /// the timers of the bodies whose rate changed.
    private func scheduleSettle() {
        guard !settleScheduled else { return }
        settleScheduled = true
        loop.execute { [self] in
            settleScheduled = false
            for flow in downlink.settle() { flowOwners[flow]?.rateChanged() }
            for flow in uplink.settle() { uploadOwners[flow]?.rateChanged() }
        }
    }
}
