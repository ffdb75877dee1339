import NetworkCore

/// The network link MockServer emulates: latency, jitter and bandwidth caps.
///
/// What the server does with it, exactly (``LinkModel`` predicts times with the same rules):
/// - **Delay.** Before each response head the server waits `max(0, latency + jitter sample)`,
///   plus `connectLatency` for the first request on a new connection. Nothing else is delayed.
/// - **Counted bytes.** Only body bytes are paced: `bandwidth` and `linkBandwidth` count
///   response body bytes, never status lines or headers, which leave at once.
/// - **Active flows.** A response body is active from the moment its head has been sent (when
///   its first byte could leave) until its last byte has been sent.
/// - **Caps.** `bandwidth` caps each connection's response body. `linkBandwidth` is shared by all
///   active response bodies of the server, max-min fairly: with N active bodies each gets
///   link/N unless its own cap is lower, the spare goes to the others, and when one finishes
///   the others speed up at once.
/// - **Pay then send.** A body of S bytes paced at a constant rate r sends its last byte exactly
///   S/r after it became active: the fluid model, with no initial burst.
/// - **Uploads.** `uploadBandwidth` and `uploadLinkBandwidth` do the same for request bodies,
///   which the server reads no faster than they allow.
///
/// Bounds, the same in Swift, queries, flags and JSON (``validate()``): delays from zero to a
/// day (``maximumDelay``), rates from 1 B/s (``minimumRate``) to 10^15 B/s (``maximumRate``).
///
/// ```swift
/// // 250 ms to first byte, 1 MB/s per connection, 10 MB/s shared by all connections.
/// let link = LinkProfile(
///     latency: .milliseconds(250),
///     bandwidth: Bandwidth.bytesPerSecond(1_000_000),
///     linkBandwidth: Bandwidth.bytesPerSecond(10_000_000)
/// )
/// ```
public struct LinkProfile: Sendable, Hashable {
    /// The wait before every response head.
    public var latency: Duration
    /// The extra wait before the first response on each new connection (a TCP or TLS handshake).
    public var connectLatency: Duration
    /// Per-request variation of `latency`.
    public var jitter: Jitter
    /// The cap on each connection's response body rate; nil for none.
    public var bandwidth: Bandwidth?
    /// The rate shared max-min fairly by all active response bodies; nil for none.
    public var linkBandwidth: Bandwidth?
    /// The cap on each connection's request body rate; nil for none.
    public var uploadBandwidth: Bandwidth?
    /// The rate shared max-min fairly by all request bodies being read; nil for none.
    public var uploadLinkBandwidth: Bandwidth?

    /// A link with the given effects; every effect defaults to none.
    public init(
        latency: Duration = .zero,
        connectLatency: Duration = .zero,
        jitter: Jitter = .none,
        bandwidth: Bandwidth? = nil,
        linkBandwidth: Bandwidth? = nil,
        uploadBandwidth: Bandwidth? = nil,
        uploadLinkBandwidth: Bandwidth? = nil
    ) {
        self.latency = latency
        self.connectLatency = connectLatency
        self.jitter = jitter
        self.bandwidth = bandwidth
        self.linkBandwidth = linkBandwidth
        self.uploadBandwidth = uploadBandwidth
        self.uploadLinkBandwidth = uploadLinkBandwidth
    }

    /// No delay and no caps: loopback as it is.
    public static let unlimited = LinkProfile()

    /// The wait before one response head: `max(0, latency + jitter)`, plus `connectLatency` for
    /// the first request on a connection. The same draw always gives the same delay.
    package func responseDelay(draw: DeterministicDraw, firstOnConnection: Bool) -> Duration {
        max(.zero, latency + jitter.sample(draw)) + (firstOnConnection ? connectLatency : .zero)
    }

    /// The mean of the delay before a response head over all draws, exact for
    /// jitter clipped at zero; the link model uses it as each request's time to first byte.
    public func expectedResponseDelay(firstOnConnection: Bool) -> Duration {
        .seconds(jitter.meanClippedDelay(latency: latency)) + (firstOnConnection ? connectLatency : .zero)
    }
}
