import Foundation
import NetworkCore

/// An HTTP/1.1 client whose calls block the calling thread: plain sockets, `poll(2)` for
/// timeouts, no Swift concurrency on its I/O path, so it runs on any thread.
///
/// It shares its protocol logic, configuration, results and errors with ``LabClient``;
/// only the I/O loop differs. Call it from threads you own, never straight from a Swift task
/// (it would block one of the few threads of the cooperative pool): from a test, wrap the
/// calls in ``onOwnThread(_:)``.
///
/// ```swift
/// let client = BlockingLabClient()
/// let result = try client.download(URL(string: "http://127.0.0.1:8080/bytes/10MB")!)
/// print(result.bytes, result.timings.total)
/// ```
///
/// Kept-alive connections are pooled per host and port and shared by every thread using
/// the client; ``close()`` closes the idle ones. A host name is resolved with `getaddrinfo`,
/// which the connect timeout cannot interrupt (numeric hosts need no lookup).
public final class BlockingLabClient: Sendable {
    /// The configuration every download of this client uses.
    public let configuration: ClientConfiguration
    private let pool: ConnectionPool<Socket>

    /// A client with `configuration`. A configuration out of its bounds
    /// (``ClientConfiguration/validate()``) fails each download with
    /// ``DownloadError/invalidConfiguration(field:value:reason:)``.
    public init(configuration: ClientConfiguration = ClientConfiguration()) {
        self.configuration = configuration
        pool = ConnectionPool(capacity: max(0, configuration.maxIdleConnectionsPerHost), isUsable: { $0.isOpenAndIdle }, close: { $0.close() })
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
    ) throws(DownloadError) -> DownloadResult {
        try download(DownloadRequest(url: url), to: destination, progress: progress)
    }

    /// Downloads `request` to `destination`, retrying, resuming and following redirects as
    /// configured; returns once the body is complete and verified.
    ///
    /// ```swift
    /// let file = URL(fileURLWithPath: "/tmp/payload.bin")
    /// let result = try client.download(DownloadRequest(url: url), to: .file(file)) { progress in
    ///     print(progress.fractionCompleted ?? 0)
    /// }
    /// ```
    ///
    /// `progress` is called on the calling thread.
    public func download(
        _ request: DownloadRequest,
        to destination: DownloadDestination = .memory,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) throws(DownloadError) -> DownloadResult {
        var download = try Download(
            request, configuration: configuration, canRestart: !destination.isSink,
            progress: progress, now: .now())
        let opened = try destination.fileURL.map { url throws(DownloadError) in try PartFile.open(destination: url, hashPrefix: configuration.requestDigest) }
        if let prefix = opened?.1 { download.resume(from: prefix) }
        let store = BodyStore(destination, file: opened?.0)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: configuration.readBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            switch download.nextStep(now: .now()) {
            case .send(let attempt):
                perform(attempt, &download, store: store, buffer: buffer)
            case .wait(let deadline):
                Instant.sleep(until: deadline)
            case .finish(let result):
                try store.file?.commit()
                return store.finish(result)
            case .fail(let error):
                store.file?.abandon(discard: download.discardStoredBytes)
                throw error
            }
        }
    }

    /// Sends one request and reads its response into `store`, telling `download` how it went.
    private func perform(_ attempt: Download.Attempt, _ download: inout Download, store: BodyStore, buffer: UnsafeMutableRawBufferPointer) {
        var connection: Socket?
        var deadline = attempt.connectDeadline
        do {
            let pooled = attempt.needsFreshConnection ? nil : pool.take(attempt.target.authority)
            let socket = try pooled ?? connect(attempt.target, deadline: deadline)
            connection = socket
            download.connected(now: .now(), reused: pooled != nil)
            deadline = download.readDeadline()
            try socket.writeBlocking(attempt.request, deadline: deadline?.instant)
            while true {
                deadline = download.readDeadline()
                let count = try socket.readBlocking(into: buffer, deadline: deadline?.instant)
                if count == 0 {
                    try download.receiveEnd(now: .now())
                    break
                }
                let delivery = try download.receive(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), now: .now())
                if let start = delivery.start { try store.begin(start) }
                if !delivery.body.isEmpty {
                    try store.write(UnsafeRawBufferPointer(rebasing: buffer[delivery.body]), at: delivery.offset)
                }
                if delivery.isDone { break }
            }
            if download.connectionIsReusable {
                pool.put(socket, for: attempt.target.authority)
            } else {
                socket.close()
            }
        } catch {
            connection?.close()
            download.attemptFailed(download.failure(error, deadline: deadline), now: .now())
        }
    }

    /// Resolves the target (blocking in `getaddrinfo` for a name) and connects to the first
    /// address that accepts.
    private func connect(_ target: RequestTarget, deadline: Download.Deadline?) throws -> Socket {
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: target.host, port: target.port)
        } catch {
            throw DownloadError.resolution(host: target.host, reason: error.description)
        }
        var lastError: any Error = AsyncIOError.timedOut
        for address in addresses {
            do {
                return try Socket.connectBlocking(to: address, deadline: deadline?.instant)
            } catch AsyncIOError.timedOut {
                throw AsyncIOError.timedOut
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
