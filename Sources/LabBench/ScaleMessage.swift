/// A command from `lab bench scale` to its client process (`lab bench scale-client`), one
/// JSON object per line on the child's stdin; the child answers each with a ``ScaleReply``
/// line on its stdout.
enum ScaleCommand: Codable, Sendable {
    /// Open `count` more idle connections to the server.
    case open(count: Int)
    /// One GET on each open connection, connection i asking for ``target(size:bandwidth:seed:)``
    /// with seed `seedBase + i` and checking the body; wait up to `timeout` seconds.
    case fetch(size: Int64, bandwidth: Int64?, seedBase: Int, timeout: Double)
    /// GET `path` over and over on the first `connections` open connections for `seconds`
    /// after `warmUp` seconds.
    case repeatRequests(path: String, connections: Int, warmUp: Double, seconds: Double)
    /// Close every connection.
    case close

    /// The path and query of a fetched download, as the server's journal records it.
    static func target(size: Int64, bandwidth: Int64?, seed: Int) -> String {
        "/bytes/\(size)?" + (bandwidth.map { "bandwidth=\($0)&" } ?? "") + "seed=\(seed)"
    }
}

/// The client process's answer to one ``ScaleCommand``.
struct ScaleReply: Codable, Sendable {
    /// Connections open after the command.
    var open: Int
    /// Downloads complete and intact (fetch), or 2xx responses in the window (repeat).
    var succeeded = 0
    /// Exchanges that failed.
    var failed = 0
    /// The first failure: why a connection could not open, or an exchange failed.
    var error: String?
    /// For fetch: the body rate of each successful download as the client saw it (bytes per
    /// second from the response head to the last byte, on the client's clock).
    var rates: [Double] = []
    /// The client process's open descriptors and resident memory after the command.
    var descriptors = 0
    var residentBytes = 0.0
}
