#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MockServer {
    /// How a server is set up. Every field has a default, so `Configuration()` is a plain
    /// loopback server on a free port with seed 0, no shaping and no faults.
    ///
    /// Each field states its bounds; ``MockServer/start(_:)`` checks them all
    /// (``validate()``) and throws ``MockServerError`` naming the first field out of range.
    ///
    /// ```swift
    /// let server = try await MockServer.start(.init(seed: 7, link: .preset(.dsl), faults: [.reset.rate(0.1)]))
    /// ```
    public struct Configuration: Sendable {
        /// The address to bind. Loopback by default; anything else exposes the control
        /// endpoints (`/_lab/*`) to other machines.
        public var host: String
        /// The port to bind, 0 to 65535; 0 picks a free one (read it back from ``MockServer/port``).
        public var port: Int
        /// The seed for payload bytes, jitter and fault decisions (a request's `?seed=` wins for payloads).
        public var seed: UInt64
        /// The folder served under `/fixtures/`; nil, or a folder that does not exist, serves
        /// none. Relative paths are resolved against the working directory when the server starts.
        public var fixtures: String?
        /// The emulated link; changeable at run time with ``MockServer/setLink(_:)``.
        public var link: LinkProfile
        /// Faults for every request (routes may bring their own); changeable with ``MockServer/setFaults(_:)``.
        public var faults: FaultPlan
        /// Custom endpoints, tried before the built-in ones.
        public var routes: [Route]
        /// Protocol and resource limits.
        public var limits: Limits
        /// Serve the control endpoints `/_lab/journal`, `/_lab/link` and `/_lab/faults`.
        public var controlEndpoints: Bool
        /// How many requests the journal keeps, 1 to ``maximumJournalCapacity`` (the oldest are
        /// dropped first; counters keep counting).
        public var journalCapacity: Int
        /// Recorded exchanges (HAR archives) to answer with, beside the built-in endpoints; nil for none.
        public var replay: Replay?
        /// Forward every request but the control endpoints to this server, as a reverse proxy;
        /// nil (the default) serves the built-in endpoints. See ``MockServer/start(upstream:_:)``.
        /// With ``replay`` as well, recordings answer what they match and the upstream the rest
        /// (`lab serve --replay-miss proxy`), which its recorder can append to the recording.
        public var upstream: Upstream? = nil

        /// A configuration; every default is the plain loopback server described above.
        public init(
            host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 0, fixtures: String? = "fixtures",
            link: LinkProfile = .unlimited, faults: FaultPlan = .none, routes: [Route] = [],
            limits: Limits = Limits(), controlEndpoints: Bool = true, journalCapacity: Int = 100_000,
            replay: Replay? = nil
        ) {
            self.host = host
            self.port = port
            self.seed = seed
            self.fixtures = fixtures
            self.link = link
            self.faults = faults
            self.routes = routes
            self.limits = limits
            self.controlEndpoints = controlEndpoints
            self.journalCapacity = journalCapacity
            self.replay = replay
        }
    }

    /// Protocol and resource limits, with defaults safe for a test machine.
    ///
    /// Sizes and counts are at least 1 (``maxRequestBody`` at least 0), timeouts above zero
    /// and at most a day; ``validate()`` checks them when the server starts.
    public struct Limits: Sendable, Hashable {
        /// Longest request line; longer answers 414.
        public var maxRequestLine: Int = 8 * 1024
        /// Largest request head (request line and headers); larger answers 431.
        public var maxHeaderBytes: Int = 32 * 1024
        /// Most header fields in a request; more answers 431.
        public var maxHeaderCount: Int = 100
        /// Largest request body; larger answers 413.
        public var maxRequestBody: Int64 = 64 * 1024 * 1024
        /// Most open connections; further ones wait in the listen backlog until one closes.
        /// The default, ``defaultMaxConnections``, leaves a quarter of the process's
        /// descriptors to the rest of it (the test's own clients, files, the runtime).
        public var maxConnections: Int = Limits.defaultMaxConnections
        /// How long a connection may stay silent between requests, or in the middle of a body,
        /// before the server closes it.
        public var idleTimeout: Duration = .seconds(60)
        /// How long a client may take to send a complete request head once it has started
        /// (slow-loris protection).
        public var headerTimeout: Duration = .seconds(10)

        /// Limits; every default is the one documented on its property.
        public init(
            maxRequestLine: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100,
            maxRequestBody: Int64 = 64 * 1024 * 1024, maxConnections: Int = Limits.defaultMaxConnections,
            idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10)
        ) {
            self.maxRequestLine = maxRequestLine
            self.maxHeaderBytes = maxHeaderBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxRequestBody = maxRequestBody
            self.maxConnections = maxConnections
            self.idleTimeout = idleTimeout
            self.headerTimeout = headerTimeout
        }

        /// 16,384, or three quarters of the process's descriptor limit (`ulimit -n`, read when
        /// the process first asks) if that is lower: 768 under the common limit of 1,024. A
        /// server allowed every descriptor would starve the process it runs in, whose other
        /// parts fail, or crash, when `open` or `socket` find none left.
        public static let defaultMaxConnections: Int = {
            var limit = rlimit()
            guard getrlimit(descriptorLimit, &limit) == 0 else { return 16_384 }
            let descriptors = Int(clamping: limit.rlim_cur)
            return max(1, min(16_384, descriptors - descriptors / 4))
        }()

        #if canImport(Glibc)
        private static let descriptorLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        private static let descriptorLimit = RLIMIT_NOFILE
        #endif
    }
}
