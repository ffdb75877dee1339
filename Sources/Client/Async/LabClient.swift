import Foundation
import NetworkCore

/// An async/await HTTP/1.1 client on the process's event loop: non-blocking sockets served
/// by one epoll thread (the one `MockServer` uses), so thousands of downloads can be in
/// flight at once, each a task that suspends while waiting.
///
/// It shares its protocol logic, configuration, results and errors with
/// ``BlockingLabClient``; only the I/O loop differs. No blocking call runs on Swift's
/// cooperative pool: host names are resolved and files written on dedicated dispatch queues.
/// Cancelling a download's task closes its connection at once.
///
/// ```swift
/// let client = LabClient()
/// let result = try await client.download(URL(string: "http://127.0.0.1:8080/bytes/10MB")!)
/// print(result.bytes, result.timings.timeToFirstByte)
/// ```
public final class LabClient: Sendable {
    /// The configuration every download of this client uses.
    public let configuration: ClientConfiguration
    private let pool: ConnectionPool<AsyncSocket>
    /// Lent to a download only while bytes are ready, so waiting downloads hold no buffer.
    private let buffers: ReadBufferPool

    /// A client with `configuration`. A configuration out of its bounds
    /// (``ClientConfiguration/validate()``) fails each download with
    /// ``DownloadError/invalidConfiguration(field:value:reason:)``.
    public init(configuration: ClientConfiguration = ClientConfiguration()) {
        self.configuration = configuration
        pool = ConnectionPool(capacity: max(0, configuration.maxIdleConnectionsPerHost), isUsable: { $0.isOpenAndIdle }, close: { $0.close() })
        // A size out of bounds fails each download (`ClientConfiguration.validate()`) before
        // a buffer is borrowed; the pool itself needs a size it can allocate.
        let size = configuration.readBufferSize
        buffers = ReadBufferPool(bufferSize: (1...ClientConfiguration.maximumReadBufferSize).contains(size) ? size : 1)
    }

    deinit { pool.closeAll() }

    /// Closes the idle kept-alive connections; later downloads open new ones.
    public func close() {
        pool.closeAll()
    }

    /// Downloads `url`: the same as downloading `DownloadRequest(url: url)`.
    public func download(
        _ url: URL,
        to destination: DownloadDestination = .memory,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async throws(DownloadError) -> DownloadResult {
        try await download(DownloadRequest(url: url), to: destination, progress: progress)
    }

    /// Downloads `request` to `destination`, retrying, resuming and following redirects as
    /// configured; returns once the body is complete and verified.
    ///
    /// ```swift
    /// let file = URL(fileURLWithPath: "/tmp/payload.bin")
    /// let result = try await client.download(DownloadRequest(url: url), to: .file(file)) { progress in
    ///     print(progress.fractionCompleted ?? 0)
    /// }
    /// ```
    ///
    /// `progress` is called from the downloading task. Cancelling the task fails the download
    /// with ``DownloadError/cancelled`` and closes its connection at once.
    public func download(
        _ request: DownloadRequest,
        to destination: DownloadDestination = .memory,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async throws(DownloadError) -> DownloadResult {
        var download = try Download(request, configuration: configuration, canRestart: !destination.isSink, progress: progress, now: .now())
        var file: PartFile?
        if let url = destination.fileURL {
            let hashPrefix = configuration.requestDigest
            let (opened, prefix) = try await BlockingQueue.files.run { () throws(DownloadError) in
                try PartFile.open(destination: url, hashPrefix: hashPrefix)
            }
            file = opened
            if let prefix { download.resume(from: prefix) }
        }
        let store = BodyStore(destination, file: file)
        while true {
            if Task.isCancelled { download.attemptFailed(.cancelled, now: .now()) }
            switch download.nextStep(now: .now()) {
            case .send(let attempt):
                await perform(attempt, &download, store: store)
            case .wait(let deadline):
                do {
                    try await Task.sleep(for: deadline - Instant.now())
                } catch {
                    download.attemptFailed(.cancelled, now: .now())
                }
            case .finish(let result):
                if let file { try await BlockingQueue.files.run { () throws(DownloadError) in try file.commit() } }
                return store.finish(result)
            case .fail(let error):
                if let file {
                    let discard = download.discardStoredBytes
                    _ = try? await BlockingQueue.files.run { file.abandon(discard: discard) }
                }
                throw error
            }
        }
    }

    /// Sends one request and reads its response into `store`, telling `download` how it went.
    private func perform(_ attempt: Download.Attempt, _ download: inout Download, store: BodyStore) async {
        var connection: AsyncSocket?
        var deadline = attempt.connectDeadline
        do throws(DownloadError) {
            let pooled = attempt.needsFreshConnection ? nil : pool.take(attempt.target.authority)
            let socket: AsyncSocket
            if let pooled {
                socket = pooled
            } else {
                do throws(ConnectFailure) {
                    socket = try await connect(attempt.target, deadline: deadline)
                } catch {
                    switch error {
                    case .resolution(let error): throw error
                    case .socket(let error): throw download.failure(error, deadline: deadline)
                    }
                }
            }
            connection = socket
            download.connected(now: .now(), reused: pooled != nil)
            deadline = download.readDeadline()
            do throws(AsyncIOError) {
                try await socket.write(attempt.request, deadline: deadline?.instant)
            } catch {
                throw download.failure(error, deadline: deadline)
            }
            while true {
                // A busy socket never waits, and only a wait notices cancellation.
                if Task.isCancelled { throw DownloadError.cancelled }
                deadline = download.readDeadline()
                let (buffer, count): (UnsafeMutableRawBufferPointer, Int)
                do throws(AsyncIOError) {
                    (buffer, count) = try await socket.read(borrowingFrom: buffers, deadline: deadline?.instant)
                } catch {
                    throw download.failure(error, deadline: deadline)
                }
                defer { buffers.recycle(buffer) }
                if count == 0 {
                    try download.receiveEnd(now: .now())
                    break
                }
                let delivery = try download.receive(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), now: .now())
                try await self.store(delivery, from: buffer, in: store)
                if delivery.isDone { break }
            }
            if download.connectionIsReusable {
                pool.put(socket, for: attempt.target.authority)
            } else {
                socket.close()
            }
        } catch {
            connection?.close()
            download.attemptFailed(error, now: .now())
        }
    }

    /// Stores a delivery's body: in memory or the sink at once, in the `.part` file on the
    /// file queue.
    private func store(_ delivery: Download.Delivery, from buffer: UnsafeMutableRawBufferPointer, in store: BodyStore) async throws(DownloadError) {
        guard let file = store.file else {
            if let start = delivery.start { try store.begin(start) }
            if !delivery.body.isEmpty { try store.write(UnsafeRawBufferPointer(rebasing: buffer[delivery.body]), at: delivery.offset) }
            return
        }
        if delivery.start == nil && delivery.body.isEmpty { return }
        // The buffer outlives the write: `run` waits for it even if the task is cancelled,
        // and nothing else touches the buffer meanwhile.
        nonisolated(unsafe) let bytes = UnsafeRawBufferPointer(rebasing: buffer[delivery.body])
        let (start, offset) = (delivery.start, delivery.offset)
        try await BlockingQueue.files.run { () throws(DownloadError) in
            if let start { try file.begin(start) }
            if !bytes.isEmpty { try file.write(bytes, at: offset) }
        }
    }

    /// Connects to the target: a numeric host at once, a name after resolving it on the
    /// resolver queue; tries each address until one accepts.
    private func connect(_ target: RequestTarget, deadline: Download.Deadline?) async throws(ConnectFailure) -> AsyncSocket {
        let addresses: [SocketAddress]
        if let numeric = SocketAddress(numericHost: target.host, port: target.port) {
            addresses = [numeric]
        } else {
            let (host, port) = (target.host, target.port)
            do throws(DownloadError) {
                addresses = try await BlockingQueue.resolver.run(deadline: deadline) { () throws(DownloadError) in
                    do throws(SocketError) {
                        return try SocketAddress.resolve(host: host, port: port)
                    } catch {
                        throw .resolution(host: host, reason: error.description)
                    }
                }
            } catch {
                throw .resolution(error)
            }
        }
        var lastError = AsyncIOError.timedOut
        for address in addresses {
            do throws(AsyncIOError) {
                return try await AsyncSocket.connect(to: address, deadline: deadline?.instant)
            } catch .socket(let error) {
                lastError = .socket(error)
            } catch {
                // A timeout, or the task was cancelled: trying the next address would not help.
                throw .socket(error)
            }
        }
        throw .socket(lastError)
    }
}
