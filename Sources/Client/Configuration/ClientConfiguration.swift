/// Everything that shapes how ``LabClient`` and ``BlockingLabClient`` download: a value, so
/// each client keeps its own copy.
///
/// ```swift
/// var configuration = ClientConfiguration()
/// configuration.timeouts.idle = .seconds(5)
/// configuration.retry = .none
/// configuration.requestDigest = true   // ask for and verify `Repr-Digest: sha-256`
/// let client = LabClient(configuration: configuration)
/// ```
///
/// Each field states its bounds; a value out of them fails every download with
/// ``DownloadError/invalidConfiguration(field:value:reason:)`` before anything is sent
/// (``validate()``), never a trap.
public struct ClientConfiguration: Sendable, Hashable {
    /// Limits on each phase of a download.
    public var timeouts: Timeouts
    /// When failed downloads are retried.
    public var retry: RetryPolicy
    /// Redirects (301, 302, 303, 307, 308) followed per download; one more fails with
    /// ``DownloadError/tooManyRedirects(limit:)``. 0 treats a redirect as an error status;
    /// negative values are refused.
    public var redirectLimit: Int
    /// Whether connections are kept open after a complete response and reused for the next
    /// request to the same host and port.
    public var keepAlive: Bool
    /// Idle connections kept per host and port when ``keepAlive`` is on; 0 or more.
    public var maxIdleConnectionsPerHost: Int
    /// Whether requests carry `Want-Repr-Digest: sha-256`, asking the server for a digest to
    /// verify. A digest the server sends unasked is verified either way.
    public var requestDigest: Bool
    /// The `User-Agent` header, unless the request sets its own.
    public var userAgent: String
    /// The seed of the retry jitter: the same seed gives the same waits.
    public var seed: UInt64
    /// The bytes read from the socket at a time. A blocking download owns one buffer this
    /// large; async downloads borrow one only while bytes are ready, so waiting ones hold none.
    /// From 1 to ``maximumReadBufferSize`` (64 MiB).
    public var readBufferSize: Int
    /// The shortest time between two progress reports of one download (the last one is
    /// always reported); from zero to a day.
    public var progressInterval: Duration

    /// A configuration; every default suits a download over a healthy network.
    public init(
        timeouts: Timeouts = .default,
        retry: RetryPolicy = .default,
        redirectLimit: Int = 10,
        keepAlive: Bool = true,
        maxIdleConnectionsPerHost: Int = 8,
        requestDigest: Bool = false,
        userAgent: String = "NetworkLab-Client/1.0",
        seed: UInt64 = 0,
        readBufferSize: Int = 256 * 1024,
        progressInterval: Duration = .milliseconds(50)
    ) {
        self.timeouts = timeouts
        self.retry = retry
        self.redirectLimit = redirectLimit
        self.keepAlive = keepAlive
        self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
        self.requestDigest = requestDigest
        self.userAgent = userAgent
        self.seed = seed
        self.readBufferSize = readBufferSize
        self.progressInterval = progressInterval
    }
}
