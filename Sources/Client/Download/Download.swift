import Foundation
import NetworkCore

/// The protocol side of one download, shared by both clients: it builds each request, reads
/// the response bytes it is given, accounts and verifies the body, follows redirects, and
/// decides whether and when to retry and from which byte. It does no I/O and reads no clock:
/// a client runs it from a thin I/O loop, passing the time of each event.
///
/// ```swift
/// var download = try Download(request, configuration: configuration, canRestart: true, progress: nil, now: .now())
/// while true {
///     switch download.nextStep(now: .now()) {
///     case .send(let attempt): ...   // connect (or reuse), write attempt.request, then
///                                    // feed reads to receive(_:now:) until the delivery is done
///     case .wait(let until): ...     // back off, then ask again
///     case .finish(let result): return result
///     case .fail(let error): throw error
///     }
/// }
/// ```
package struct Download {
    /// What the client should do next.
    package enum Step {
        /// Connect (or take a kept-alive connection) and send a request.
        case send(Attempt)
        /// Wait until this instant (backoff), then ask again.
        case wait(until: Instant)
        /// The body is complete and verified; the client adds the body or file and returns this.
        case finish(DownloadResult)
        /// The download failed for good.
        case fail(DownloadError)
    }

    /// One request to send.
    package struct Attempt {
        /// Where to connect.
        var target: RequestTarget
        /// The request head, ready to write.
        package var request: [UInt8]
        /// Whether a new connection is needed (a kept-alive one just turned out dead).
        package var needsFreshConnection: Bool
        /// When connecting must have finished.
        var connectDeadline: Deadline?
    }

    /// An instant an I/O wait must end by, and the error to report when it passes.
    package struct Deadline {
        package var instant: Instant
        package var error: DownloadError
    }

    /// What a read brought: where its body bytes go, and whether to stop reading.
    package struct Delivery {
        /// Set when a response's body begins: prepare the store before writing.
        package var start: BodyStart?
        /// The body bytes, as a range of the buffer passed to ``receive(_:now:)``.
        package var body: Range<Int>
        /// Where those bytes belong in the resource.
        package var offset: Int64
        /// Whether the response is over (or not worth reading further): stop reading.
        package var isDone: Bool
    }

    let configuration: ClientConfiguration
    let canRestart: Bool
    let progress: (@Sendable (DownloadProgress) -> Void)?
    let started: Instant
    let totalDeadline: Instant?
    let draw: DeterministicDraw

    /// The URL being fetched, after the redirects followed so far.
    var url: URL
    var target: RequestTarget
    /// The `host:port` the request was made for: its headers' credentials go there only.
    let origin: String
    var method: RequestMethod
    let headers: HeaderFields
    /// The request body; dropped when a 303 turns the request into a `GET`.
    var body: [UInt8]?
    /// Where the current attempt connects.
    var currentTarget: RequestTarget { target }
    /// Bytes of the resource held so far.
    package var bytesReceived: Int64 { received }
    /// Attempts made so far (a stale-connection retry is not one).
    var attempts = 0
    var redirects = 0
    /// Bytes of the resource received and accounted, contiguous from byte 0.
    var received: Int64 = 0
    /// Bytes the store holds that the next full (200) body must replace.
    var storeHoldsBytes = false
    var totalLength: Int64?
    /// The strong `ETag` of the bytes held, when the server also takes byte ranges: the
    /// only case in which a later request may ask for just the rest.
    var validator: String?
    /// SHA-256 of every byte held, while a digest is wanted and no byte escaped it.
    var digest: SHA256?
    var resumed = false
    var digestVerified = false
    var receivedThisCall: Int64 = 0
    var lastProgress: Instant?
    var retryAt: Instant?
    var retryOnFreshConnection = false
    var followingRedirect = false
    var outcome: Step?
    /// Whether the bytes held are known bad (or cannot be resumed from) and must not be kept.
    var discardStoredBytes = false

    var reader: ResponseReader
    var rangeStart: Int64?
    var attemptStarted = Instant.zero
    var connectedAt: Instant?
    var reusedConnection = false
    var firstByteAt: Instant?
    var lastByteAt: Instant?
    var bodyAccepted = false
    var bodyComplete = false
    var finalResponse: HTTPResponseHead?
    var restartNow = false
    /// The status of an answer that fails the attempt, while the start of its body is read.
    var errorStatus: Int?
    /// The start of that body, at most ``DownloadError/maxBodyExcerpt`` bytes.
    var errorBody: [UInt8] = []

    /// A download of `request`; fails at once for a configuration out of its bounds
    /// (``ClientConfiguration/validate()``), a request that cannot be sent, or a URL that
    /// cannot be fetched (`https` included). `canRestart` says whether stored bytes can be
    /// thrown away (not a sink's).
    package init(
        _ request: DownloadRequest,
        configuration: ClientConfiguration,
        canRestart: Bool,
        progress: (@Sendable (DownloadProgress) -> Void)?,
        now: Instant
    ) throws(DownloadError) {
        try configuration.validate()
        try request.validate()
        self.configuration = configuration
        self.canRestart = canRestart
        self.progress = progress
        self.started = now
        self.totalDeadline = configuration.timeouts.total.map { now + $0 }
        self.draw = DeterministicDraw(seed: configuration.seed, key: "retry \(request.method) \(request.url.absoluteString)")
        self.url = request.url
        self.target = try RequestTarget(request.url)
        self.origin = target.authority
        self.method = request.method
        self.headers = request.headers
        self.body = request.body.map { Array($0) }
        self.reader = ResponseReader(requestMethod: request.method)
    }

    /// Continues from bytes an earlier call left in the `.part` file.
    mutating func resume(from prefix: PartFile.Prefix) {
        received = prefix.length
        storeHoldsBytes = true
        validator = prefix.validator
        digest = prefix.digest
    }

    // MARK: - Steps

    /// What to do next, at `now`.
    package mutating func nextStep(now: Instant) -> Step {
        if let outcome { return outcome }
        if bodyComplete { return settle(.finish(result(now: now))) }
        if let retryAt {
            if now < retryAt { return .wait(until: retryAt) }
            self.retryAt = nil
        }
        if let totalDeadline, now >= totalDeadline {
            return settle(.fail(.timeout(.total, limit: configuration.timeouts.total ?? .zero)))
        }
        let fresh = retryOnFreshConnection
        if !fresh && !followingRedirect { attempts += 1 }
        retryOnFreshConnection = false
        followingRedirect = false
        restartNow = false
        reader = ResponseReader(requestMethod: method)
        rangeStart = received > 0 && validator != nil ? received : nil
        attemptStarted = now
        connectedAt = nil
        reusedConnection = false
        firstByteAt = nil
        lastByteAt = nil
        bodyAccepted = false
        errorStatus = nil
        errorBody = []
        return .send(Attempt(
            target: target, request: requestBytes(), needsFreshConnection: fresh,
            connectDeadline: deadline(.connect, from: now)))
    }

    /// The connection is open (`reused`: taken from the pool) and the request is being sent.
    package mutating func connected(now: Instant, reused: Bool) {
        connectedAt = now
        reusedConnection = reused
    }

    /// When the next read (or the request's write) must have completed.
    package func readDeadline() -> Deadline? {
        if let lastByteAt, firstByteAt != nil {
            return deadline(.idle, from: lastByteAt)
        }
        return deadline(.firstByte, from: connectedAt ?? attemptStarted)
    }

    /// Reads the bytes of one socket read (`input`, rewritten in place when chunked).
    package mutating func receive(_ input: UnsafeMutableRawBufferPointer, now: Instant) throws(DownloadError) -> Delivery {
        // A socket that always has bytes ready never waits, so its deadlines never fire there.
        if let totalDeadline, now >= totalDeadline {
            throw .timeout(.total, limit: configuration.timeouts.total ?? .zero)
        }
        if firstByteAt == nil { firstByteAt = now }
        lastByteAt = now
        let (head, body) = try reader.read(input)
        var start: BodyStart?
        if let head {
            start = try accept(head)
        }
        if errorStatus != nil {
            try collectErrorBody(UnsafeRawBufferPointer(rebasing: input[body]))
            return Delivery(start: nil, body: 0..<0, offset: 0, isDone: false)
        }
        // Until the head is whole, read on; a head whose body is not wanted (a redirect) ends
        // the attempt.
        guard bodyAccepted else { return Delivery(start: nil, body: 0..<0, offset: 0, isDone: reader.head != nil) }
        let offset = received
        if !body.isEmpty {
            digest?.update(UnsafeRawBufferPointer(rebasing: input[body]))
            received += Int64(body.count)
            receivedThisCall += Int64(body.count)
            storeHoldsBytes = true
        }
        if reader.isComplete { try completeBody() }
        reportProgress(now: now)
        return Delivery(start: start, body: body, offset: offset, isDone: reader.isComplete)
    }

    /// The connection reached end of stream; returns normally only if that ends the body.
    package mutating func receiveEnd(now: Instant) throws(DownloadError) {
        lastByteAt = now
        if let errorStatus { throw .httpStatus(errorStatus, body: errorExcerpt) }
        if reader.finish() {
            if bodyAccepted, !bodyComplete { try completeBody() }
            return
        }
        if reader.bytesReceived == 0 { throw .emptyReply }
        guard reader.head != nil else { throw .malformedResponse("the connection closed inside the response head") }
        throw .truncated(expected: totalLength, received: received)
    }

    /// Whether the connection may serve another request: the whole response was read and
    /// both sides want to keep it open.
    package var connectionIsReusable: Bool {
        guard configuration.keepAlive, reader.isComplete, !reader.hasTrailingBytes, let head = reader.head else { return false }
        return head.keepAlive && reader.framing != .untilClose
    }

    /// The attempt failed with `error` (from the network, the store, or ``receive(_:now:)``):
    /// decides whether to retry, when, and from which byte.
    package mutating func attemptFailed(_ error: DownloadError, now: Instant) {
        guard outcome == nil else { return }
        // The status is the news; the connection failing while its body was read is not.
        var error = error
        if let errorStatus, error != .cancelled, error.status == nil {
            error = .httpStatus(errorStatus, body: errorExcerpt)
        }
        bodyComplete = false
        if reusedConnection, reader.bytesReceived == 0, error.isConnectionLoss {
            // The server closed the kept-alive connection before we used it: not a real try.
            retryOnFreshConnection = true
            return
        }
        guard error.isRetryable || restartNow, received == 0 || validator != nil || canRestart else {
            settle(.fail(error))
            return
        }
        var retryAfter: Duration?
        if restartNow {
            retryAfter = .zero
        } else if case .httpStatus = error, let head = reader.head {
            retryAfter = Self.retryAfter(head)
        }
        guard let delay = configuration.retry.delay(beforeRetry: attempts, retryAfter: retryAfter, draw: draw),
            totalDeadline.map({ now + delay < $0 }) ?? true
        else {
            settle(.fail(error))
            return
        }
        retryAt = now + delay
    }
}
