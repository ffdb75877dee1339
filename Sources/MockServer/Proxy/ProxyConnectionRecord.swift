/// One connection a ``TCPProxy`` relayed: when, how many bytes each way, which toxics applied
/// and how it ended. The proxy's journal holds one per closed connection.
public struct ProxyConnectionRecord: Sendable, Hashable {
    /// The connection's ordinal: 0 for the proxy's first, in accept order. Fault and toxicity
    /// decisions are drawn with it.
    public var ordinal: Int
    /// The client's address, `127.0.0.1:PORT`.
    public var client: String
    /// Seconds from the proxy's start to the accept.
    public var opened: Double
    /// Seconds from the proxy's start to the close.
    public var closed: Double
    /// Bytes forwarded from the client to the upstream.
    public var bytesUpstream: Int64
    /// Bytes forwarded from the upstream to the client.
    public var bytesDownstream: Int64
    /// The toxics that applied when the connection opened (`link latency`, `fault reset`,
    /// `toxic slow`).
    public var toxics: [String]
    /// How it ended: `closed` (both sides sent FIN), `close` (a toxic closed it), `reset`
    /// (a toxic, fault or peer reset it), `upstream unreachable: ...`, `proxy closed`.
    public var ending: String

    /// The record as a JSON object, for `lab toxiproxy`'s journal.
    public var jsonObject: [String: Any] {
        [
            "ordinal": ordinal, "client": client, "opened": opened, "closed": closed,
            "bytes_upstream": bytesUpstream, "bytes_downstream": bytesDownstream,
            "toxics": toxics, "ending": ending,
        ]
    }
}
