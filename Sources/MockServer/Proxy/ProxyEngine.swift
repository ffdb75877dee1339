#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

/// The event-loop side of one ``TCPProxy``: the listening socket, the open connections, and
/// the schedulers that pace each direction (per-connection caps and the shared link).
///
/// Everything here runs on `loop`'s thread; ``TCPProxy`` reaches it through `loop.execute`.
final class ProxyEngine: @unchecked Sendable {
    // Unchecked: all mutable state is touched only on `loop`'s thread; `state` is thread-safe.

    let loop: EventLoop
    let state: ProxyState
    let upstream: SocketAddress
    private let listener: Socket
    private lazy var acceptor = Acceptor(listener: listener, loop: loop) { [unowned self] socket in open(socket) }
    private var connections: [Int: ProxyConnection] = [:]
    private var nextOrdinal = 0
    private(set) var closing = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    /// The settings every connection follows now.
    private(set) var settings: ProxySettings

    /// Per direction (upstream, downstream): the shared link and the independent caps.
    private(set) var shared: [FairShareScheduler]
    private(set) var independent: [FairShareScheduler]
    private var owners: [FlowKey: ProxyConnection] = [:]
    private var settleScheduled = false

    struct FlowKey: Hashable {
        var stream: Toxic.Stream
        var shared: Bool
        var flow: FairShareScheduler.FlowID
    }

    /// Where every connection's reads land: 4 MiB, so an unshaped transfer moves in pieces as
    /// large as the destination's send buffer takes. In `lab bench proxy`, reads of 256 KiB
    /// (what this was) cost the proxy and the reader about 40% more CPU per GiB.
    let readScratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)

    init(listener: Socket, upstream: SocketAddress, state: ProxyState, loop: EventLoop) {
        self.listener = listener
        self.upstream = upstream
        self.state = state
        self.loop = loop
        settings = state.settings
        shared = Toxic.Stream.allCases.map { [settings] in FairShareScheduler(linkBandwidth: Self.linkRate($0, settings)) }
        independent = [FairShareScheduler(linkBandwidth: nil), FairShareScheduler(linkBandwidth: nil)]
    }

    deinit {
        readScratch.deallocate()
    }

    /// Starts accepting. *Loop only.*
    func activate() throws(SocketError) {
        try acceptor.activate()
    }

    var connectionCount: Int { connections.count }

    // MARK: - Accepting

    private func open(_ socket: Socket) {
        socket.setNoDelay()
        let ordinal = nextOrdinal
        nextOrdinal += 1
        let connection = ProxyConnection(ordinal: ordinal, client: socket, engine: self, at: Instant.now())
        connections[ordinal] = connection
        connection.start()
    }

    /// A connection ended and released its sockets. *Loop only.*
    func connectionClosed(_ connection: ProxyConnection, record: ProxyConnectionRecord) {
        connections[connection.ordinal] = nil
        state.journal.append(record)
        if closing, connections.isEmpty { resumeCloseWaiters() }
    }

    // MARK: - Settings

    /// New settings, from `now` on: every open connection follows them. *Loop only.*
    func settingsChanged(_ settings: ProxySettings, at now: Instant) {
        self.settings = settings
        for stream in Toxic.Stream.allCases {
            let rate = Self.linkRate(stream, settings)
            if rate != shared[stream.index].linkBandwidth { shared[stream.index].setLinkBandwidth(rate, at: now) }
        }
        for connection in Array(connections.values) { connection.settingsChanged(at: now) }
        scheduleSettle()
    }

    /// The shared link's rate for `stream` under `settings`: the smallest link bandwidth asked for.
    private static func linkRate(_ stream: Toxic.Stream, _ settings: ProxySettings) -> Double? {
        var rates = settings.toxics.filter { $0.stream == stream }.compactMap { toxic -> Double? in
            if case .linkBandwidth(let rate) = toxic.effect { return rate.bytesPerSecond }
            return nil
        }
        if let rate = stream == .upstream ? settings.link.uploadLinkBandwidth : settings.link.linkBandwidth {
            rates.append(rate.bytesPerSecond)
        }
        return rates.min()
    }

    // MARK: - Pacing

    /// Starts pacing one direction of `owner` at `now` under `cap` (and the shared link when
    /// `linked`), with the `credit` it held when it paused.
    func addFlow(_ stream: Toxic.Stream, cap: Double?, linked: Bool, owner: ProxyConnection, credit: Double = 0, at now: Instant) -> FlowKey {
        let scheduler = linked ? shared[stream.index] : independent[stream.index]
        let flow = scheduler.addFlow(cap: cap, at: now, credit: credit)
        let key = FlowKey(stream: stream, shared: linked, flow: flow)
        owners[key] = owner
        scheduleSettle()
        return key
    }

    /// Stops pacing a flow at `now`; returns the credit it held (see
    /// ``FairShareScheduler/removeFlow(_:at:)``).
    @discardableResult
    func removeFlow(_ key: FlowKey, at now: Instant) -> Double {
        owners[key] = nil
        defer { scheduleSettle() }
        return scheduler(key).removeFlow(key.flow, at: now)
    }

    /// Gives a flow a new cap from `now` on.
    func setCap(_ key: FlowKey, _ cap: Double?, at now: Instant) {
        scheduler(key).setCap(key.flow, cap, at: now)
        scheduleSettle()
    }

    func scheduler(_ key: FlowKey) -> FairShareScheduler {
        key.shared ? shared[key.stream.index] : independent[key.stream.index]
    }

    private func scheduleSettle() {
        guard !settleScheduled else { return }
        settleScheduled = true
        loop.execute { [self] in
            settleScheduled = false
            for stream in Toxic.Stream.allCases {
                for flow in shared[stream.index].settle() { owners[FlowKey(stream: stream, shared: true, flow: flow)]?.pump() }
                for flow in independent[stream.index].settle() { owners[FlowKey(stream: stream, shared: false, flow: flow)]?.pump() }
            }
        }
    }

    // MARK: - Closing

    /// Stops accepting, closes every connection and resumes `waiter` once all are released.
    /// *Loop only.*
    func close(_ waiter: CheckedContinuation<Void, Never>) {
        closeWaiters.append(waiter)
        if !closing {
            closing = true
            acceptor.close()
            for connection in Array(connections.values) { connection.finish(.close, reason: "proxy closed") }
        }
        if connections.isEmpty { resumeCloseWaiters() }
    }

    /// Closes every open connection, cleanly or with a reset. *Loop only.*
    func closeConnections(reset: Bool) {
        for connection in Array(connections.values) {
            connection.finish(reset ? .reset : .close, reason: "proxy closed")
        }
    }

    private func resumeCloseWaiters() {
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }
}

extension Toxic.Stream {
    /// 0 for upstream, 1 for downstream: the index of per-direction arrays.
    var index: Int { self == .upstream ? 0 : 1 }
}
