import Foundation
import NetworkCore
import NetworkLabClient

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs downloads with Foundation's `URLSession`, reporting them with the same results and
/// errors as ``LabClient``, so the lab can compare our clients with what most Swift code
/// uses.
///
/// From the configuration it uses the idle timeout (`timeoutIntervalForRequest`), the total
/// timeout (`timeoutIntervalForResource`), keep-alive, the user agent, the digest request and
/// the progress interval; `URLSession` has no retries, resumes or connect and first-byte
/// limits of its own, so none are applied. A `Repr-Digest` is verified like ours, and a body
/// shorter than its `Content-Length` is ``DownloadError/truncated(expected:received:)``.
/// Timings have no connect part (`URLSession` on Linux does not report it).
///
/// ```swift
/// let downloader = URLSessionDownloader()
/// let batch = await downloader.downloadAll(urls, concurrency: 10)
/// ```
public final class URLSessionDownloader: Sendable {
    /// The configuration downloads use (see above for which parts apply).
    public let configuration: ClientConfiguration
    private let session: URLSession
    private let delegate: SessionDelegate

    /// The most connections a downloader opens to one host at once: enough for every download
    /// of a batch to be in flight, as the other clients' `concurrency: nil` means.
    public static let maximumConnectionsPerHost = 1024

    /// A downloader with its own `URLSession`.
    public init(configuration: ClientConfiguration = ClientConfiguration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeouts.idle.map { $0.seconds } ?? 604_800
        sessionConfiguration.timeoutIntervalForResource = configuration.timeouts.total.map { $0.seconds } ?? 604_800
        sessionConfiguration.httpMaximumConnectionsPerHost = Self.maximumConnectionsPerHost
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.urlCache = nil
        var headers: [AnyHashable: Any] = ["User-Agent": configuration.userAgent]
        if configuration.requestDigest { headers["Want-Repr-Digest"] = "sha-256=1" }
        if !configuration.keepAlive { headers["Connection"] = "close" }
        sessionConfiguration.httpAdditionalHeaders = headers
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        delegate = SessionDelegate()
        session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: queue)
    }

    deinit { session.invalidateAndCancel() }

    /// Downloads `url` to `destination` with `URLSession`.
    ///
    /// ```swift
    /// let result = try await URLSessionDownloader().download(url, to: .memory)
    /// ```
    public func download(
        _ url: URL,
        to destination: DownloadDestination = .memory,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async throws(DownloadError) -> DownloadResult {
        let start = Instant.now()
        var file: PartFile?
        if let fileURL = destination.fileURL {
            // A fresh start each time: URLSession cannot resume, so old bytes are not used.
            let (opened, prefix) = try await BlockingQueue.files.run { () throws(DownloadError) in
                try PartFile.open(destination: fileURL, hashPrefix: false)
            }
            if prefix != nil { try await BlockingQueue.files.run { () throws(DownloadError) in try opened.truncate() } }
            file = opened
        }
        let transfer = SessionTransfer(
            url: url, store: BodyStore(destination, file: file), configuration: configuration, progress: progress, start: start)
        let task = session.dataTask(with: URLRequest(url: url))
        let outcome = await withTaskCancellationHandler {
            await handOver { hand in
                transfer.onFinish = { hand($0) }
                delegate.transfers.withLock { $0[task.taskIdentifier] = transfer }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        switch outcome {
        case .success(let result):
            if let file { try await BlockingQueue.files.run { () throws(DownloadError) in try file.commit() } }
            return transfer.store.finish(result)
        case .failure(let error):
            if let file { _ = try? await BlockingQueue.files.run { file.abandon(discard: true) } }
            throw error
        }
    }

    /// Downloads every URL with `URLSession`, at most `concurrency` at a time (`nil`: all at
    /// once); each result in input order, and the wall time (see
    /// ``LabClient/downloadAll(_:concurrency:to:progress:)-([URL],_,_,_)``).
    public func downloadAll(
        _ urls: [URL],
        concurrency: Int? = nil,
        to destination: @escaping @Sendable (_ index: Int, _ url: URL) -> DownloadDestination = { _, _ in .memory },
        progress: (@Sendable (_ index: Int, _ progress: DownloadProgress) -> Void)? = nil
    ) async -> DownloadBatch {
        await DownloadBatch.run(urls.map { DownloadRequest(url: $0) }, concurrency: concurrency, destination: destination, progress: progress) {
            request, destination, progress async throws(DownloadError) in
            try await self.download(request.url, to: destination, progress: progress)
        }
    }
}

/// Routes the session's callbacks to the transfer of each task. Callbacks arrive on the
/// session's serial delegate queue, a Foundation thread, not Swift's cooperative pool.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    let transfers = Lock<[Int: SessionTransfer]>([:])

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let transfer = transfers.withLock { $0[dataTask.taskIdentifier] }
        completionHandler(transfer?.begin(response) ?? false ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let transfer = transfers.withLock { $0[dataTask.taskIdentifier] }
        if transfer?.receive(data) == false { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer = transfers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        transfer?.complete(error)
    }
}
