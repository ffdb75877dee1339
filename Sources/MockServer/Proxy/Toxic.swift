import NetworkCore

/// One effect a ``TCPProxy`` applies to the bytes of one direction of its connections: one of
/// toxiproxy's toxics, or one of the lab's own (shared link bandwidth, stall, truncate, reset
/// after some bytes, corrupt).
///
/// `lab proxy`'s link and fault flags and `lab toxiproxy`'s API both compile to toxics, so a
/// toxic behaves the same whichever way it was asked for. Whether a toxic applies to a
/// connection is drawn from the proxy's seed, its name, the toxic's name and the connection's
/// ordinal (``applies(seed:proxy:ordinal:)``), so the same seed picks the same connections in
/// every process.
///
/// ```swift
/// let slow = Toxic(name: "slow", stream: .downstream, effect: .latency(.milliseconds(100)))
/// let flaky = Toxic(name: "flaky", stream: .downstream, toxicity: 0.3, effect: .resetPeer(after: .zero))
/// proxy.setToxics([slow, flaky])
/// ```
public struct Toxic: Sendable, Hashable {
    /// Which bytes a toxic acts on.
    public enum Stream: String, Sendable, Hashable, CaseIterable {
        /// Client to upstream.
        case upstream
        /// Upstream to client.
        case downstream
    }

    /// What a toxic does to its stream.
    public enum Effect: Sendable, Hashable {
        /// Delays every chunk by `latency` plus a jitter sample drawn per chunk (toxiproxy's
        /// `latency`); chunks keep their order.
        case latency(Duration, jitter: Jitter = .none)
        /// Caps each connection's rate (toxiproxy's `bandwidth`).
        case bandwidth(Bandwidth)
        /// Caps the rate of all the proxy's connections together, shared max-min fairly by
        /// those with bytes to send (the lab's `link_bandwidth`).
        case linkBandwidth(Bandwidth)
        /// Cuts each chunk into pieces of about `averageSize` ± `sizeVariation` bytes sent
        /// `delay` apart (toxiproxy's `slicer`).
        case slicer(averageSize: Int, sizeVariation: Int, delay: Duration)
        /// Forwards `bytes` bytes, then closes the connection (toxiproxy's `limit_data`;
        /// `truncate-after:SIZE` and, with 0, `close`).
        case limitData(bytes: Int64)
        /// Forwards `bytes` bytes, lets them reach the peer, then resets the connection
        /// (`reset-after:SIZE`; with 0, `reset`).
        case resetAfter(bytes: Int64)
        /// Forwards `bytes` bytes, then nothing, keeping the connection open (`stall-after:SIZE`).
        case stallAfter(bytes: Int64)
        /// Resets the connection `after` this long (toxiproxy's `reset_peer`).
        case resetPeer(after: Duration)
        /// Drops every byte and closes the connection after `timeout`; zero never closes
        /// (toxiproxy's `timeout`).
        case timeout(Duration)
        /// Delays the close that follows the end of the stream (toxiproxy's `slow_close`).
        case slowClose(Duration)
        /// Flips `count` bytes at positions drawn from the seed among the stream's first
        /// ``Toxic/corruptionWindow`` bytes (`corrupt:N`).
        case corrupt(count: Int)
    }

    /// The name, unique within a proxy.
    public var name: String
    /// The direction it acts on.
    public var stream: Stream
    /// The probability, 0 to 1, that it applies to a connection.
    public var toxicity: Double
    /// Applies only to the first `first` connections (ordinals `0..<first`); nil for all.
    public var first: Int?
    /// What it does.
    public var effect: Effect

    /// A toxic applying `effect` to `stream` of a fraction `toxicity` of the connections.
    public init(name: String, stream: Stream = .downstream, toxicity: Double = 1, first: Int? = nil, effect: Effect) {
        self.name = name
        self.stream = stream
        self.toxicity = toxicity
        self.first = first
        self.effect = effect
    }

    /// `corrupt:N` flips bytes among this many first bytes of a stream.
    public static let corruptionWindow: Int64 = 65_536

    /// Whether the toxic applies to the `ordinal`-th connection (0-based) of proxy `proxy`:
    /// a pure function of its arguments and the toxic's name, toxicity and `first`.
    public func applies(seed: UInt64, proxy: String, ordinal: Int) -> Bool {
        if let first, ordinal >= first { return false }
        if toxicity >= 1 { return true }
        return DeterministicDraw(seed: seed, key: "toxicity \(proxy) \(name)#\(ordinal)").unit() < toxicity
    }

    /// Checks the values: a name, toxicity 0...1, sizes ≥ 0, slicer sizes ≥ 1, corrupt count
    /// 1...65,536; durations from 0 to a day and rates from 1 B/s to 10^15 B/s, as a
    /// ``LinkProfile`` holds them (``LinkProfile/validate()``).
    public func validate() throws(ToxicError) {
        func invalid(_ reason: String) -> ToxicError { .invalidToxic(name: name, reason: reason) }
        func check(_ link: LinkProfile) throws(ToxicError) {
            do { try link.validate() } catch { throw invalid("\(error)") }
        }
        func check(_ duration: Duration, _ what: String) throws(ToxicError) {
            do { try LinkProfile.check(duration, what) } catch { throw invalid("\(error)") }
        }
        guard !name.isEmpty else { throw invalid("a toxic needs a name, unique within its proxy") }
        guard (0...1).contains(toxicity) else { throw invalid("toxicity must be a number from 0 to 1") }
        if let first, first < 0 { throw invalid("first must be 0 or more") }
        switch effect {
        case .latency(let latency, let jitter):
            try check(latency, "latency")
            try check(LinkProfile(jitter: jitter))
        case .bandwidth(let rate), .linkBandwidth(let rate):
            try check(LinkProfile(bandwidth: rate))
        case .slicer(let average, let variation, let delay):
            guard average >= 1 else { throw invalid("average_size must be 1 or more") }
            guard variation >= 0, variation < average else { throw invalid("size_variation must be 0 or more and less than average_size") }
            try check(delay, "delay")
        case .limitData(let bytes), .resetAfter(let bytes), .stallAfter(let bytes):
            guard bytes >= 0 else { throw invalid("bytes must be 0 or more") }
        case .resetPeer(let duration), .timeout(let duration):
            // Named as toxiproxy names the attribute.
            try check(duration, "timeout")
        case .slowClose(let delay):
            try check(delay, "delay")
        case .corrupt(let count):
            guard (1...65_536).contains(count) else { throw invalid("count must be 1 to 65536") }
        }
    }
}

/// A toxic the proxy cannot apply, with the reason.
public enum ToxicError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The toxic's values are out of range.
    case invalidToxic(name: String, reason: String)
    /// A fault that only makes sense for HTTP (`status:`, `malformed`) given to a TCP proxy.
    case httpOnlyFault(String)

    /// One line saying what was wrong and what to give instead.
    public var description: String {
        switch self {
        case .invalidToxic(let name, let reason): name.isEmpty ? reason : "toxic \"\(name)\": \(reason)"
        case .httpOnlyFault(let spec): "\(spec) is an HTTP fault; a TCP proxy cannot send it (use lab proxy --upstream http://...)"
        }
    }
}
