/// How far a download has got, reported to a progress callback every
/// ``ClientConfiguration/progressInterval`` or so, and once more when it completes.
///
/// ```swift
/// let result = try await client.download(url) { progress in
///     print("\(progress.bytesReceived) of \(progress.totalBytes ?? -1) at \(progress.bytesPerSecond) B/s")
/// }
/// ```
public struct DownloadProgress: Sendable, Hashable {
    /// Bytes of the resource held so far, counting bytes resumed from an earlier attempt.
    public var bytesReceived: Int64
    /// The resource's size, when the server announced it.
    public var totalBytes: Int64?
    /// Bytes received by this call per second since it started (waits included).
    public var bytesPerSecond: Double
    /// Time since the call started.
    public var elapsed: Duration
    /// Whether this is the last report: the body is complete.
    public var isComplete: Bool

    /// A report from its parts.
    public init(bytesReceived: Int64, totalBytes: Int64?, bytesPerSecond: Double, elapsed: Duration, isComplete: Bool) {
        self.bytesReceived = bytesReceived
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
        self.elapsed = elapsed
        self.isComplete = isComplete
    }

    /// `bytesReceived / totalBytes`, from 0 to 1; nil while the size is unknown.
    public var fractionCompleted: Double? {
        guard let totalBytes, totalBytes > 0 else { return totalBytes == 0 ? 1 : nil }
        return min(1, Double(bytesReceived) / Double(totalBytes))
    }
}
