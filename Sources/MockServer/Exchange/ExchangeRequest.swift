import NetworkCore

/// A whole request, as the machine hands it to the driver to answer.
struct ExchangeRequest: Equatable {
    let head: HTTPRequestHead
    /// The body, when the routing table wanted it kept (otherwise empty: it was read and dropped).
    let body: [UInt8]
    /// When the head was complete: the exchange's start in the journal.
    let headAt: Instant
    /// When the whole request was in.
    let endedAt: Instant
    /// True for the first request on the connection, which pays the link's connection latency.
    let firstOnConnection: Bool
    /// True when the body follows, streamed (``ExchangeAction/streamBody(_:)``), and `endedAt`
    /// is only when the head was complete.
    var streamsBody = false
    /// The body's announced length, when it streams: nil for a chunked body.
    var bodyLength: Int64?
}
