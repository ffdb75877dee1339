import Foundation
import NetworkCore

/// An HTTP/1.1 server on 127.0.0.1 for tests: deterministic payloads of any size, fixture
/// files, an emulated link (latency, jitter, bandwidth) and injected faults, all reproducible
/// from a seed.
///
/// Start one per test; it binds a free port, serves from the process's shared event loop, and
/// records every request in its ``journal``.
///
/// ```swift
/// let server = try await MockServer.start()
/// let (data, _) = try await URLSession.shared.data(from: server.url("/bytes/1MB"))
/// #expect(try Array(data) == Payload.bytes(seed: 0, count: 1_000_000))
/// await server.close()
/// ```
///
/// Built-in endpoints: `GET|HEAD /bytes/{size}`, `GET|HEAD /fixtures/{path}`,
/// `ANY /status/{codes}`, httpbin's endpoints (`/get`, `/redirect/{n}`, `/gzip`,
/// `/digest-auth/...`, and the rest that `GET /` lists), and the control endpoints
/// `/_lab/journal`, `/_lab/link`, `/_lab/faults`. Every endpoint takes the link and fault query parameters (`latency=200ms`,
/// `bandwidth=1MB/s`, `fault=reset-after:1MB`, ...).
public final class MockServer: Sendable {
    /// The base URL, `http://127.0.0.1:PORT`.
    public let url: URL
    /// The bound port.
    public let port: Int
    /// The seed for payloads, jitter and fault decisions.
    public var seed: UInt64 { state.seed }
    /// Every request served, with the faults that fired. A client can read a response's last
    /// byte a moment before the server journals it: ``settled()`` first.
    public var journal: RequestJournal { state.journal }

    let state: ServerState
    private let engine: ServerEngine

    /// The `Server` header the server sends.
    static let serverName = "NetworkLab-MockServer"

    private init(url: URL, port: Int, state: ServerState, engine: ServerEngine) {
        self.url = url
        self.port = port
        self.state = state
        self.engine = engine
    }

    /// Starts a server and returns once it accepts connections.
    ///
    /// Throws ``MockServerError`` for a configuration out of its bounds
    /// (``Configuration/validate()``: a fault rule, the link, a limit), an address that is not
    /// numeric, or a port that cannot be bound.
    ///
    /// ```swift
    /// let server = try await MockServer.start(.init(link: .preset(.threeG), faults: [.status(503).first(1)]))
    /// ```
    public static func start(_ configuration: Configuration = Configuration()) async throws(MockServerError) -> MockServer {
        try configuration.validate()
        guard let address = SocketAddress(numericHost: configuration.host, port: configuration.port) else {
            throw .invalidHost(configuration.host)
        }
        let listener: Socket
        let port: Int
        do {
            listener = try Socket.listening(on: address)
            port = try listener.localAddress().port
        } catch {
            throw .cannotListen(address: address.description, reason: error.description)
        }
        var forwarder: HTTPForwarder?
        if let upstream = configuration.upstream { forwarder = try await HTTPForwarder.resolve(upstream) }
        let state = ServerState(configuration, forwarder: forwarder)
        let loop = EventLoop.shared
        let engine = ServerEngine(listener: listener, state: state, loop: loop)
        let activation = await loop.submit { Result { () throws(SocketError) in try engine.activate() } }
        if case .failure(let error) = activation {
            listener.close()
            throw .cannotListen(address: address.description, reason: error.description)
        }
        let host = address.family == AF_INET6 ? "[\(address.host)]" : address.host
        let url = URL(string: "http://\(host):\(port)")!
        let server = MockServer(url: url, port: port, state: state, engine: engine)
        // The observer holds the engine, which holds the state: `ServerEngine.close` lets it go.
        state.onLinkChange { [engine] link in
            loop.execute { engine.linkChanged(link) }
        }
        // The dashboard's ticks list the exchanges in flight; weak, so that it holds nothing.
        state.inFlightFrom(ServerState.InFlightSource(loop: loop) { [weak engine] in engine?.inFlight ?? [] })
        return server
    }

    /// The URL of `path` on this server: `server.url("/bytes/10MB?seed=7")`.
    public func url(_ path: String) -> URL {
        URL(string: url.absoluteString + (path.hasPrefix("/") ? path : "/" + path))!
    }

    /// Stops accepting, waits for in-flight responses to finish, and closes every connection.
    /// Idle keep-alive connections, stalled (`stall-after`) responses and responses still
    /// waiting (a latency, a handler) for a client that has closed its side are closed at once.
    ///
    /// A handler or stream that never ends keeps `close()` waiting: after 5 s it says so on
    /// standard error, naming the exchanges (as Go's `httptest` does);
    /// ``closeClientConnections()`` first cuts them.
    public func close() async {
        await close(warningAfter: .seconds(5))
    }

    /// ``close()``, warning after `warningAfter` instead of 5 s.
    func close(warningAfter: Duration) async {
        // Event streams never end on their own: end them, or close would wait for them forever.
        state.events.finish()
        let warning = Task { [self] in
            try? await Task.sleep(for: warningAfter)
            guard !Task.isCancelled else { return }
            let waiting = await inFlight().map { "\($0.method) \($0.path) (\($0.stage.rawValue))" }
            guard !Task.isCancelled, !waiting.isEmpty else { return }
            let line = "MockServer \(url.absoluteString): close() has waited \(warningAfter) for \(waiting.count) exchange\(waiting.count == 1 ? "" : "s") in flight: "
                + waiting.joined(separator: ", ")
                + "; a handler or stream that never ends keeps it waiting (closeClientConnections() cuts them)\n"
            _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
        }
        await withCheckedContinuation { continuation in
            engine.loop.execute { [engine] in engine.close(continuation) }
        }
        warning.cancel()
        state.forwarder?.pool.close()
    }

    /// Closes every client connection at once, including those with a response in flight.
    /// The server keeps accepting new ones.
    public func closeClientConnections() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            engine.loop.execute { [engine] in
                engine.closeClientConnections()
                continuation.resume()
            }
        }
    }

    /// Waits until the ``journal`` holds every exchange whose response (or fault) a client has
    /// already seen: the server journals an exchange in the event loop turn that sends its
    /// last byte, and this waits for the turn under way to end.
    public func settled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            engine.loop.execute { continuation.resume() }
        }
    }

    /// The exchanges the server is answering now, oldest first: what the journal does not
    /// show yet (a response waiting for its latency or handler, one being paced, one held by a
    /// `stall-after` fault).
    public func inFlight() async -> [InFlightExchange] {
        await state.inFlight()
    }

    /// Response body bytes a proxy sent straight from its upstream's socket through one buffer
    /// (``UpstreamSocketBody``), not through a stream and the stages' copy: which path carried them.
    package var directBodyBytes: Int64 { state.directBodyBytes.load(ordering: .relaxed) }

    /// The number of open client connections.
    public func connectionCount() async -> Int {
        await engine.loop.submit { [engine] in engine.connectionCount }
    }

    /// The emulated link in force.
    public var link: LinkProfile { state.link }

    /// Replaces the emulated link. Responses already sending, and request bodies being read,
    /// follow the new caps within a few milliseconds (unless their query fixed theirs); new
    /// requests get the new latency.
    ///
    /// Throws ``MockServerError/invalidLink(_:)`` for a link out of its bounds
    /// (``LinkProfile/validate()``), leaving the link in force unchanged.
    public func setLink(_ link: LinkProfile) throws(MockServerError) {
        try Self.validate(link)
        state.link = link
    }

    /// The faults in force for requests that bring none of their own.
    public var faults: FaultPlan { state.faults }

    /// Replaces the faults for requests from now on.
    ///
    /// Throws ``MockServerError/invalidFaultRule(index:_:)`` for a rule out of its bounds
    /// (``FaultRule/validate()``), leaving the faults in force unchanged.
    ///
    /// ```swift
    /// try server.setFaults([.reset, .status(503).rate(0.5)])
    /// ```
    public func setFaults(_ faults: FaultPlan) throws(MockServerError) {
        try Self.validate(faults)
        state.faults = faults
    }
}

/// Runs `body` with a started server and closes the server afterwards, whether `body` returns
/// or throws.
///
/// `body` runs in the caller's isolation (the main actor's, say), so it may use the caller's
/// state; `isolation` is filled in by the compiler.
///
/// ```swift
/// try await withMockServer(.init(link: .preset(.threeG))) { server in
///     // download from server.url("/bytes/100KB") ...
/// }
/// ```
@discardableResult
public func withMockServer<T>(
    _ configuration: MockServer.Configuration = MockServer.Configuration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (MockServer) async throws -> T
) async throws -> T {
    let server = try await MockServer.start(configuration)
    do {
        let result = try await body(server)
        await server.close()
        return result
    } catch {
        await server.closeClientConnections()
        await server.close()
        throw error
    }
}
