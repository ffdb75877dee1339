/// How long each phase of a download may take before it fails with
/// ``DownloadError/timeout(_:limit:)``; `nil` means no limit for that phase. A limit is above
/// zero and at most a day (``ClientConfiguration/maximumDuration``).
///
/// ```swift
/// var timeouts = Timeouts.default
/// timeouts.idle = .seconds(2)     // a stalled body fails (and is retried) after 2 s
/// timeouts.total = .seconds(60)   // the whole download, retries and backoff included
/// ```
public struct Timeouts: Sendable, Hashable {
    /// Name resolution and the TCP handshake, per attempt.
    public var connect: Duration?
    /// From sending the request to the first byte of the response, per attempt.
    public var firstByte: Duration?
    /// The longest silence between two reads once the response has started.
    public var idle: Duration?
    /// The whole download: every attempt, redirect and backoff wait.
    public var total: Duration?

    /// Limits per phase; `nil` means unlimited.
    public init(connect: Duration? = .seconds(10), firstByte: Duration? = .seconds(30), idle: Duration? = .seconds(30), total: Duration? = nil) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }

    /// 10 s to connect, 30 s to the first byte, 30 s of silence, no total limit.
    public static let `default` = Timeouts()

    /// The limit of `phase`.
    public subscript(phase: DownloadError.TimeoutPhase) -> Duration? {
        switch phase {
        case .connect: connect
        case .firstByte: firstByte
        case .idle: idle
        case .total: total
        }
    }
}
