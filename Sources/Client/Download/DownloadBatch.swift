/// The outcome of downloading several URLs: one result per URL, in input order, and the wall
/// time of the whole batch.
///
/// ```swift
/// let batch = await client.downloadAll(urls, concurrency: 10)
/// print("\(batch.succeeded)/\(batch.results.count) in \(batch.wallTime)")
/// ```
public struct DownloadBatch: Sendable {
    /// Each URL's result, in the order the URLs were given.
    public var results: [Result<DownloadResult, DownloadError>]
    /// From the start of the first download to the end of the last.
    public var wallTime: Duration

    /// A batch from its parts.
    public init(results: [Result<DownloadResult, DownloadError>], wallTime: Duration) {
        self.results = results
        self.wallTime = wallTime
    }

    /// How many downloads succeeded.
    public var succeeded: Int {
        results.count { if case .success = $0 { true } else { false } }
    }

    /// Body bytes of the successful downloads.
    public var totalBytes: Int64 {
        results.reduce(0) { sum, result in sum + ((try? result.get().bytes) ?? 0) }
    }
}
