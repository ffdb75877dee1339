import NetworkCore

/// One request for the ``LoadGenerator``: a path on the server and, to check the body as it
/// arrives, the seed of the `/bytes` payload it should be.
struct LoadRequest: Sendable {
    var path: String
    /// The payload seed to verify the body against (from offset 0); nil to count bytes only.
    var seed: UInt64?

    init(_ path: String, seed: UInt64? = nil) {
        self.path = path
        self.seed = seed
    }
}

/// What happened to one request of the ``LoadGenerator``, on the generator's clock
/// (`CLOCK_MONOTONIC`, the same clock as the server's journal, read on the generator's thread).
struct LoadTransfer: Sendable {
    var status: Int?
    var bodyBytes: Int64 = 0
    /// When the whole request had been written.
    var sent: Instant?
    /// When the first response byte was read.
    var firstByte: Instant?
    /// When the response head was complete.
    var head: Instant?
    /// When the last body byte was read.
    var end: Instant?
    /// Why the exchange failed: the connection broke, the body was not the payload, time ran out.
    var error: String?

    /// A whole 2xx response arrived, intact.
    var succeeded: Bool { error == nil && end != nil && (200..<300).contains(status ?? 0) }

    /// What went wrong, for a message; nil when the exchange succeeded.
    var problem: String? {
        succeeded ? nil : error ?? "status \(status.map(String.init) ?? "none")"
    }

    /// Body bytes over the time from the response head to the last byte; nil if unknown.
    var bodyRate: Double? {
        guard let head, let end, end > head else { return nil }
        return Double(bodyBytes) / (end - head).seconds
    }
}
