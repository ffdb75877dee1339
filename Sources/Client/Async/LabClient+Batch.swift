import Foundation

extension LabClient {
    /// Downloads every URL, at most `concurrency` at a time (`nil`, or under 1: all at once), each in its
    /// own child task on the one event loop; returns each result in input order and the wall
    /// time of the whole batch. Never throws: a failed download is a `.failure` result.
    ///
    /// ```swift
    /// let urls = Array(repeating: server.url("/bytes/10MB"), count: 10)
    /// let batch = await client.downloadAll(urls, concurrency: 10)
    /// print(batch.succeeded, batch.wallTime)
    /// ```
    ///
    /// `destination` says where each download goes (by index and URL); `progress` receives
    /// each download's reports with its index.
    public func downloadAll(
        _ urls: [URL],
        concurrency: Int? = nil,
        to destination: @escaping @Sendable (_ index: Int, _ url: URL) -> DownloadDestination = { _, _ in .memory },
        progress: (@Sendable (_ index: Int, _ progress: DownloadProgress) -> Void)? = nil
    ) async -> DownloadBatch {
        await downloadAll(urls.map { DownloadRequest(url: $0) }, concurrency: concurrency, to: destination, progress: progress)
    }

    /// Downloads every request (methods, headers, bodies of their own) as
    /// ``downloadAll(_:concurrency:to:progress:)-([URL],_,_,_)`` downloads URLs.
    ///
    /// ```swift
    /// let requests = ids.map { DownloadRequest(url: server.url("/items/\($0)"), method: .delete) }
    /// let batch = await client.downloadAll(requests, concurrency: 4)
    /// ```
    public func downloadAll(
        _ requests: [DownloadRequest],
        concurrency: Int? = nil,
        to destination: @escaping @Sendable (_ index: Int, _ url: URL) -> DownloadDestination = { _, _ in .memory },
        progress: (@Sendable (_ index: Int, _ progress: DownloadProgress) -> Void)? = nil
    ) async -> DownloadBatch {
        await DownloadBatch.run(requests, concurrency: concurrency, destination: destination, progress: progress) {
            request, destination, progress async throws(DownloadError) in
            try await self.download(request, to: destination, progress: progress)
        }
    }
}
