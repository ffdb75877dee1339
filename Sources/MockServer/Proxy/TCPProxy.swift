import Foundation
import NetworkCore

/// A TCP proxy for tests: it forwards every connection to an upstream (a database, a cache, a
/// broker, any server) through an emulated link and injected faults, all reproducible from a
/// seed. The same machinery serves `lab proxy` and `lab toxiproxy`.
///
/// Start one per test on a free port, point the client at ``address``, and shape the traffic
/// with the ``LinkProfile`` and ``FaultPlan`` values MockServer takes, or with toxiproxy-style
/// ``Toxic``s. Changes reach connections already open within one event-loop turn.
///
/// ```swift
/// let proxy = try await TCPProxy.start(upstream: "127.0.0.1:6379")
/// try proxy.setLink(LinkProfile(latency: .milliseconds(50), bandwidth: .kilobytesPerSecond(100)))
/// try proxy.setFaults([Fault.resetAfter(bytes: 1_000).rate(0.2)])
/// // ... connect a Redis client to proxy.address ...
/// print(proxy.journal.entries)        // one record per closed connection
/// await proxy.close()
/// ```
public final class TCPProxy: Sendable {
    /// Where and how a proxy runs.
    public struct Configuration: Sendable {
        /// The address to listen on (numeric); 127.0.0.1 by default.
        public var host = "127.0.0.1"
        /// The port to listen on, 0 to 65535; 0 picks a free one.
        public var port = 0
        /// The proxy's name: part of every toxicity draw, so two proxies with one seed pick
        /// different connections.
        public var name = "proxy"
        /// The seed for fault, toxicity, jitter, slicing and corruption decisions.
        public var seed: UInt64 = 0
        /// The link applied to the connections (downstream: to the client; upload: to the upstream).
        public var link: LinkProfile = .unlimited
        /// The faults, decided per connection from the seed and the connection's ordinal.
        public var faults: FaultPlan = .none
        /// Named toxics, toxiproxy-style.
        public var toxics: [Toxic] = []
        /// The most connection records kept in ``TCPProxy/journal``.
        public var journalCapacity = 10_000

        /// The defaults: 127.0.0.1, a free port, seed 0, no shaping.
        public init() {}
    }

    /// The address the proxy listens on, `127.0.0.1:PORT`.
    public let address: String
    /// The bound port.
    public let port: Int
    /// `tcp://127.0.0.1:PORT`.
    public var url: String { "tcp://\(address)" }
    /// The upstream, as resolved at start.
    public let upstream: String
    /// The connections relayed so far (closed ones).
    public var journal: ProxyJournal { state.journal }
    /// The seed of every decision.
    public var seed: UInt64 { state.seed }

    private let state: ProxyState
    private let engine: ProxyEngine

    private init(address: String, port: Int, upstream: String, state: ProxyState, engine: ProxyEngine) {
        self.address = address
        self.port = port
        self.upstream = upstream
        self.state = state
        self.engine = engine
    }

    /// Starts a proxy to `upstream` (`HOST:PORT`, `tcp://HOST:PORT` or `[::1]:PORT`) and returns
    /// once it accepts connections. Fails on an upstream that cannot be resolved, on a value out
    /// of its range (the link, a fault rule, a toxic, the journal capacity), on faults a TCP
    /// proxy cannot inject (`status:`, `malformed`), or when the address cannot be bound.
    public static func start(upstream: String, _ configuration: Configuration = Configuration()) async throws(ProxyError) -> TCPProxy {
        let target = try await resolve(upstream)
        // Checked before the address: a port out of range would be cut to 16 bits.
        guard (0...65_535).contains(configuration.port) else {
            throw .invalidConfiguration(field: "port", value: "\(configuration.port)", reason: "must be 0 (a free port) to 65535")
        }
        guard let address = SocketAddress(numericHost: configuration.host, port: configuration.port) else {
            throw .invalidHost(configuration.host)
        }
        if let problem = MockServer.Configuration.problem(journalCapacity: configuration.journalCapacity, of: "connections") {
            throw .invalidConfiguration(field: "journalCapacity", value: "\(configuration.journalCapacity)", reason: problem)
        }
        let settings = ProxySettings(link: configuration.link, faults: configuration.faults, toxics: configuration.toxics)
        try settings.check()
        let listener: Socket
        let bound: SocketAddress
        do {
            listener = try Socket.listening(on: address)
            bound = try listener.localAddress()
        } catch {
            throw .cannotListen(address: address.description, reason: error.description)
        }
        let state = ProxyState(
            name: configuration.name, seed: configuration.seed,
            settings: settings, journalCapacity: configuration.journalCapacity)
        let loop = EventLoop.shared
        let engine = ProxyEngine(listener: listener, upstream: target, state: state, loop: loop)
        let activation = await loop.submit { Result { () throws(SocketError) in try engine.activate() } }
        if case .failure(let failure) = activation {
            listener.close()
            throw .cannotListen(address: address.description, reason: failure.description)
        }
        state.onChange { [weak engine] settings in
            guard let engine else { return }
            engine.loop.execute { engine.settingsChanged(settings, at: Instant.now()) }
        }
        return TCPProxy(address: bound.description, port: bound.port, upstream: target.description, state: state, engine: engine)
    }

    /// The link in force.
    public var link: LinkProfile { state.settings.link }

    /// Changes the link; open connections follow it within one event-loop turn. A value out
    /// of its range (``LinkProfile/validate()``) throws and leaves the link in force unchanged.
    public func setLink(_ link: LinkProfile) throws(ProxyError) {
        var settings = state.settings
        settings.link = link
        try settings.check()
        state.update { $0.link = link }
    }

    /// The fault plan in force.
    public var faults: FaultPlan { state.settings.faults }

    /// Changes the fault plan; each open connection gets the fault its ordinal draws.
    /// Throws for faults a TCP proxy cannot inject (`status:`, `malformed`).
    public func setFaults(_ faults: FaultPlan) throws(ProxyError) {
        var settings = state.settings
        settings.faults = faults
        try settings.check()
        state.update { $0.faults = faults }
    }

    /// The named toxics in force.
    public var toxics: [Toxic] { state.settings.toxics }

    /// Replaces the named toxics; open connections follow within one event-loop turn. A toxic
    /// that stays (same name) keeps the instant and offset at which it began to apply.
    public func setToxics(_ toxics: [Toxic]) throws(ProxyError) {
        var settings = state.settings
        settings.toxics = toxics
        try settings.check()
        state.update { $0.toxics = toxics }
    }

    /// Returns once the event loop has applied every change made before the call (link,
    /// faults, toxics) to the connections open then.
    public func settled() async {
        await withCheckedContinuation { continuation in
            engine.loop.execute { continuation.resume() }
        }
    }

    /// The number of connections open now.
    public func connectionCount() async -> Int {
        await engine.loop.submit { [engine] in engine.connectionCount }
    }

    /// Closes every open connection (with a reset when `reset`), keeping the proxy listening.
    public func closeClientConnections(reset: Bool = false) async {
        await withCheckedContinuation { continuation in
            engine.loop.execute { [engine] in
                engine.closeConnections(reset: reset)
                continuation.resume()
            }
        }
    }

    /// Stops listening, closes every connection, and returns once all are released.
    public func close() async {
        state.onChange(nil)
        await withCheckedContinuation { continuation in
            engine.loop.execute { [engine] in engine.close(continuation) }
        }
    }

    /// Parses `HOST:PORT`, `tcp://HOST:PORT` or `[V6]:PORT` and resolves the host, on a thread
    /// of its own (a name lookup may block).
    static func resolve(_ upstream: String) async throws(ProxyError) -> SocketAddress {
        let (host, port) = try parseUpstream(upstream)
        if let numeric = SocketAddress(numericHost: host, port: port) { return numeric }
        let result: Result<SocketAddress, SocketError> = await handOver { hand in
            Thread { hand(Result { () throws(SocketError) in try SocketAddress.resolve(host: host, port: port)[0] }) }.start()
        }
        switch result {
        case .success(let address): return address
        case .failure(let error): throw .invalidUpstream(upstream, reason: error.description)
        }
    }

    /// Splits `HOST:PORT` (optionally `tcp://`, IPv6 in brackets) into host and port.
    public static func parseUpstream(_ upstream: String) throws(ProxyError) -> (host: String, port: Int) {
        var text = Substring(upstream)
        if text.hasPrefix("tcp://") { text = text.dropFirst(6) }
        if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound] }), !scheme.isEmpty, !scheme.contains(":") {
            throw .invalidUpstream(upstream, reason: "a TCP proxy relays bytes to HOST:PORT or tcp://HOST:PORT, not to \(scheme):// URLs")
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else {
            throw .invalidUpstream(upstream, reason: "use HOST:PORT or tcp://HOST:PORT with a port from 1 to 65535")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // A bracket left over is an IPv6 address half enclosed; a NUL would end the name
        // early for the resolver, and a space or a slash is in no host name.
        guard !host.isEmpty, !host.contains(where: { "[]/@".contains($0) || $0.isWhitespace || $0 == "\0" }) else {
            throw .invalidUpstream(upstream, reason: "use HOST:PORT or tcp://HOST:PORT (an IPv6 address in brackets: [::1]:PORT)")
        }
        return (host, port)
    }
}
