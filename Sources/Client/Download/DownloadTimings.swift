/// Where the time of one download went.
///
/// `connect`, `timeToFirstByte` and `transfer` describe the attempt that delivered the end of
/// the body; `total` covers the whole call, earlier attempts, redirects and waits included.
public struct DownloadTimings: Sendable, Hashable {
    /// Name resolution and the TCP handshake; zero when a kept-alive connection was reused.
    public var connect: Duration
    /// From sending the request to the first byte of the response.
    public var timeToFirstByte: Duration
    /// From the first byte of the response to its last.
    public var transfer: Duration
    /// From the call to its return.
    public var total: Duration

    /// Timings from their parts.
    public init(connect: Duration = .zero, timeToFirstByte: Duration = .zero, transfer: Duration = .zero, total: Duration = .zero) {
        self.connect = connect
        self.timeToFirstByte = timeToFirstByte
        self.transfer = transfer
        self.total = total
    }
}
