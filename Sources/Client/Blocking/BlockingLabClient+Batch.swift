import Foundation
import NetworkCore
import Synchronization

extension BlockingLabClient {
    /// Downloads every URL, at most `concurrency` at a time, each on a thread of its own (1, the
    /// default, or less: one after another on the calling thread);
    /// returns each result in input order and the wall time of the whole batch. Never throws:
    /// a failed download is a `.failure` result.
    ///
    /// ```swift
    /// let urls = Array(repeating: URL(string: "http://127.0.0.1:8080/bytes/10MB")!, count: 10)
    /// let sequential = client.downloadAll(urls)
    /// let threaded = client.downloadAll(urls, concurrency: 10)
    /// print(sequential.wallTime, threaded.wallTime)
    /// ```
    ///
    /// `destination` says where each download goes (by index and URL); `progress` receives
    /// each download's reports with its index, on the thread running that download.
    public func downloadAll(
        _ urls: [URL],
        concurrency: Int = 1,
        to destination: @escaping @Sendable (_ index: Int, _ url: URL) -> DownloadDestination = { _, _ in .memory },
        progress: (@Sendable (_ index: Int, _ progress: DownloadProgress) -> Void)? = nil
    ) -> DownloadBatch {
        downloadAll(urls.map { DownloadRequest(url: $0) }, concurrency: concurrency, to: destination, progress: progress)
    }

    /// Downloads every request (methods, headers, bodies of their own) as
    /// ``downloadAll(_:concurrency:to:progress:)-([URL],_,_,_)`` downloads URLs.
    ///
    /// ```swift
    /// let requests = ids.map { DownloadRequest(url: URL(string: "http://127.0.0.1:8080/items/\($0)")!, method: .delete) }
    /// let batch = client.downloadAll(requests, concurrency: 4)
    /// ```
    public func downloadAll(
        _ requests: [DownloadRequest],
        concurrency: Int = 1,
        to destination: @escaping @Sendable (_ index: Int, _ url: URL) -> DownloadDestination = { _, _ in .memory },
        progress: (@Sendable (_ index: Int, _ progress: DownloadProgress) -> Void)? = nil
    ) -> DownloadBatch {
        let urls = requests
        let start = Instant.now()
        let results = Lock([Result<DownloadResult, DownloadError>?](repeating: nil, count: urls.count))
        let next = Atomic<Int>(0)
        let run = { @Sendable [self] in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < urls.count else { return }
                let request = urls[index]
                let report = progress.map { progress in { @Sendable (value: DownloadProgress) in progress(index, value) } }
                let result = Result { () throws(DownloadError) in
                    try download(request, to: destination(index, request.url), progress: report)
                }
                results.withLock { $0[index] = result }
            }
        }
        let count = min(max(1, concurrency), urls.count)
        if count <= 1 {
            run()
        } else {
            let done = DispatchSemaphore(value: 0)
            for _ in 0..<count {
                Thread.detachNewThread {
                    run()
                    done.signal()
                }
            }
            for _ in 0..<count { done.wait() }
        }
        return DownloadBatch(results: results.withLock { $0.map { $0! } }, wallTime: Instant.now() - start)
    }
}
