import Foundation

extension MockServer {
    /// The server an HTTP proxy forwards to, and how. Set it as ``Configuration/upstream``
    /// (or call ``MockServer/start(upstream:_:)``) and the server becomes a reverse proxy:
    /// every request except the control endpoints goes upstream, and every response comes
    /// back through the server's link and faults.
    public struct Upstream: Sendable {
        /// `http://HOST:PORT`, optionally with a base path that prefixes every forwarded target
        /// (`lab proxy` carries `https://` upstreams too, over a TLS transport of its own).
        /// Loopback hosts by name (`localhost`) or any numeric address.
        public var url: URL
        /// How long to wait for the connection and then for the response head (504 after it),
        /// and at most between two pieces of a body: above zero and at most a day.
        public var timeout: Duration
        /// Idle keep-alive connections kept for reuse: 0 (none) or more.
        public var maxIdleConnections: Int
        /// The largest request body forwarded; a larger one answers 413 (before anything goes
        /// upstream when its `Content-Length` says so). nil, the default, forwards any size:
        /// bodies stream through at the upstream's pace and are never held whole, so
        /// ``Limits/maxRequestBody`` does not apply to them.
        public var maxRequestBody: Int64?
        /// The pseudonym this proxy gives itself in `Via` fields.
        public var pseudonym: String
        /// Whether the upstream's `103 Early Hints` go to the client as they come, before the
        /// response (HTTP/1.1 clients only; at most 16 per response; the link's latency and
        /// faults apply to the response alone). Off by default, as in nginx: many HTTP/1.1
        /// clients take a 103 for the final response (Python's `http.client`, so `requests`,
        /// gets a 103 with no body). Other interim responses are never forwarded; the proxy
        /// answers a client's `100-continue` itself.
        public var forwardsEarlyHints = false
        /// Called once for each exchange whose response came back whole, after its last byte,
        /// with the request and response as they crossed the upstream leg: how
        /// `lab proxy --record` writes HAR files. Keep it quick; hand slow work to a queue.
        public var recorder: (@Sendable (ProxiedExchange) -> Void)?
        /// Opens each new connection to the upstream as a layer on its socket, under the
        /// built-in HTTP/1.1 forwarder: how `lab proxy` speaks TLS to https:// upstreams (this
        /// library links no TLS). With it, ``url`` may be `https://` (port 443 by default).
        package var transport: UpstreamTransport.Opener?

        /// An upstream at `url`; the other fields have the defaults `lab proxy` uses.
        public init(
            url: URL, timeout: Duration = .seconds(30), maxIdleConnections: Int = 64,
            pseudonym: String = "networklab", recorder: (@Sendable (ProxiedExchange) -> Void)? = nil
        ) {
            self.url = url
            self.timeout = timeout
            self.maxIdleConnections = maxIdleConnections
            self.pseudonym = pseudonym
            self.recorder = recorder
        }
    }

    /// Starts an HTTP/1.1 reverse proxy in front of `upstream`, with the link, faults,
    /// journal and control endpoints of a server.
    ///
    /// ```swift
    /// let proxy = try await MockServer.start(upstream: URL(string: "http://127.0.0.1:8080")!)
    /// try proxy.setLink(LinkProfile(latency: .milliseconds(200)))
    /// try proxy.setFaults([Fault.status(503).rate(0.2)])
    /// // point the client under test at proxy.url; read proxy.journal afterwards
    /// await proxy.close()
    /// ```
    public static func start(upstream: URL, _ configuration: Configuration = Configuration()) async throws(MockServerError) -> MockServer {
        var configuration = configuration
        configuration.upstream = Upstream(url: upstream)
        return try await start(configuration)
    }
}
