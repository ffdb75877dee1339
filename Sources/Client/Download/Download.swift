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
struct Download {
    /// What the client should do next.
    enum Step {
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
    struct Attempt {
        /// Where to connect.
        var target: RequestTarget
        /// The request head, ready to write.
        var request: [UInt8]
        /// Whether a new connection is needed (a kept-alive one just turned out dead).
        var needsFreshConnection: Bool
        /// When connecting must have finished.
        var connectDeadline: Deadline?
    }

    /// An instant an I/O wait must end by, and the error to report when it passes.
    struct Deadline {
        var instant: Instant
        var error: DownloadError
    }

    /// What a read brought: where its body bytes go, and whether to stop reading.
    struct Delivery {
        /// Set when a response's body begins: prepare the store before writing.
        var start: BodyStart?
        /// The body bytes, as a range of the buffer passed to ``receive(_:now:)``.
        var body: Range<Int>
        /// Where those bytes belong in the resource.
        var offset: Int64
        /// Whether the response is over (or not worth reading further): stop reading.
        var isDone: Bool
    }

    private let configuration: ClientConfiguration
    private let canRestart: Bool
    private let progress: (@Sendable (DownloadProgress) -> Void)?
    private let started: Instant
    private let totalDeadline: Instant?
    private let draw: DeterministicDraw

    /// The URL being fetched, after the redirects followed so far.
    private(set) var url: URL
    private var target: RequestTarget
    private var method: RequestMethod
    private let headers: HeaderFields
    /// Where the current attempt connects.
    var currentTarget: RequestTarget { target }
    /// Bytes of the resource held so far.
    var bytesReceived: Int64 { received }
    /// Attempts made so far (a stale-connection retry is not one).
    private(set) var attempts = 0
    private var redirects = 0
    /// Bytes of the resource received and accounted, contiguous from byte 0.
    private var received: Int64 = 0
    /// Bytes the store holds that the next full (200) body must replace.
    private var storeHoldsBytes = false
    private var totalLength: Int64?
    /// The strong `ETag` of the bytes held, when the server also takes byte ranges: the
    /// only case in which a later request may ask for just the rest.
    private var validator: String?
    /// SHA-256 of every byte held, while a digest is wanted and no byte escaped it.
    private var digest: SHA256?
    private var resumed = false
    private var digestVerified = false
    private var receivedThisCall: Int64 = 0
    private var lastProgress: Instant?
    private var retryAt: Instant?
    private var retryOnFreshConnection = false
    private var followingRedirect = false
    private var outcome: Step?
    /// Whether the bytes held are known bad (or cannot be resumed from) and must not be kept.
    private(set) var discardStoredBytes = false

    private var reader: ResponseReader
    private var rangeStart: Int64?
    private var attemptStarted = Instant.zero
    private var connectedAt: Instant?
    private var reusedConnection = false
    private var firstByteAt: Instant?
    private var lastByteAt: Instant?
    private var bodyAccepted = false
    private var bodyComplete = false
    private var finalResponse: HTTPResponseHead?
    private var restartNow = false

    /// A download of `request`; fails at once for a URL that cannot be fetched (`https`
    /// included). `canRestart` says whether stored bytes can be thrown away (not a sink's).
    init(
        _ request: DownloadRequest,
        configuration: ClientConfiguration,
        canRestart: Bool,
        progress: (@Sendable (DownloadProgress) -> Void)?,
        now: Instant
    ) throws(DownloadError) {
        self.configuration = configuration
        self.canRestart = canRestart
        self.progress = progress
        self.started = now
        self.totalDeadline = configuration.timeouts.total.map { now + $0 }
        self.draw = DeterministicDraw(seed: configuration.seed, key: "retry \(request.method) \(request.url.absoluteString)")
        self.url = request.url
        self.target = try RequestTarget(request.url)
        self.method = request.method
        self.headers = request.headers
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
    mutating func nextStep(now: Instant) -> Step {
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
        return .send(Attempt(
            target: target, request: requestHead().serialized(), needsFreshConnection: fresh,
            connectDeadline: deadline(.connect, from: now)))
    }

    /// The connection is open (`reused`: taken from the pool) and the request is being sent.
    mutating func connected(now: Instant, reused: Bool) {
        connectedAt = now
        reusedConnection = reused
    }

    /// When the next read (or the request's write) must have completed.
    func readDeadline() -> Deadline? {
        if let lastByteAt, firstByteAt != nil {
            return deadline(.idle, from: lastByteAt)
        }
        return deadline(.firstByte, from: connectedAt ?? attemptStarted)
    }

    /// Reads the bytes of one socket read (`input`, rewritten in place when chunked).
    mutating func receive(_ input: UnsafeMutableRawBufferPointer, now: Instant) throws(DownloadError) -> Delivery {
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
        guard bodyAccepted else { return Delivery(start: nil, body: 0..<0, offset: 0, isDone: true) }
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
    mutating func receiveEnd(now: Instant) throws(DownloadError) {
        lastByteAt = now
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
    var connectionIsReusable: Bool {
        guard configuration.keepAlive, reader.isComplete, !reader.hasTrailingBytes, let head = reader.head else { return false }
        return head.keepAlive && reader.framing != .untilClose
    }

    /// The attempt failed with `error` (from the network, the store, or ``receive(_:now:)``):
    /// decides whether to retry, when, and from which byte.
    mutating func attemptFailed(_ error: DownloadError, now: Instant) {
        guard outcome == nil else { return }
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

    // MARK: - Responses

    /// Takes the final head of a response: returns how its body starts, or nil when its body
    /// is not wanted (a redirect); throws for a status that ends the attempt.
    private mutating func accept(_ head: HTTPResponseHead) throws(DownloadError) -> BodyStart? {
        switch head.status {
        case 206:
            guard let rangeStart else { throw .malformedResponse("206 Partial Content to a request without Range") }
            guard let range = head.headers["Content-Range"].flatMap(ContentRange.init), range.first == rangeStart else {
                throw .malformedResponse("206 with Content-Range \(head.headers["Content-Range"] ?? "missing") to Range: bytes=\(rangeStart)-")
            }
            totalLength = range.completeLength
            if !wantsDigest(head) { digest = nil }
            resumed = true
            bodyAccepted = true
            return BodyStart(restart: false, validator: validator, validatorChanged: false, expectedLength: totalLength)
        case 200..<300:
            guard !storeHoldsBytes || canRestart else { throw .representationChanged(offset: received) }
            let restart = storeHoldsBytes
            let newValidator = Self.resumeValidator(head)
            let changed = restart || newValidator != validator
            received = 0
            digest = wantsDigest(head) ? SHA256() : nil
            resumed = false
            discardStoredBytes = false
            validator = newValidator
            if case .contentLength(let length) = reader.framing, method != .head { totalLength = length } else { totalLength = nil }
            bodyAccepted = true
            return BodyStart(restart: restart, validator: newValidator, validatorChanged: changed, expectedLength: totalLength)
        case 301, 302, 303, 307, 308:
            try redirect(head)
            return nil
        case 416 where rangeStart != nil:
            // The bytes held are not a strict prefix of the resource (it is shorter now, or
            // they are all there): drop them and ask for the whole resource at once.
            validator = nil
            discardStoredBytes = true
            restartNow = true
            throw .httpStatus(head.status)
        default:
            throw .httpStatus(head.status)
        }
    }

    private mutating func redirect(_ head: HTTPResponseHead) throws(DownloadError) {
        guard configuration.redirectLimit > 0 else { throw .httpStatus(head.status) }
        guard let location = head.headers["Location"], let next = URL(string: location, relativeTo: url)?.absoluteURL else {
            throw .malformedResponse("\(head.status) redirect without a usable Location")
        }
        redirects += 1
        guard redirects <= configuration.redirectLimit else { throw .tooManyRedirects(limit: configuration.redirectLimit) }
        target = try RequestTarget(next)
        url = next
        followingRedirect = true
        if head.status == 303, method != .head { method = .get }
    }

    /// The body is complete: checks its length against the resource's and its digest
    /// against the server's.
    private mutating func completeBody() throws(DownloadError) {
        if let totalLength, received != totalLength {
            throw .truncated(expected: totalLength, received: received)
        }
        if let field = reader.head?.headers["Repr-Digest"], let expected = ReprDigest.sha256(field), let hasher = digest {
            let actual = hasher.finalize()
            guard actual == expected else {
                discardStoredBytes = true
                validator = nil
                throw .digestMismatch(expected: ReprDigest.base64(expected), actual: ReprDigest.base64(actual))
            }
            digestVerified = true
        }
        finalResponse = reader.head
        bodyComplete = true
    }

    // MARK: - Helpers

    /// Whether to hash the body of `head`: the client asked for digests, or the server sent one.
    private func wantsDigest(_ head: HTTPResponseHead) -> Bool {
        configuration.requestDigest || head.headers["Repr-Digest"].flatMap(ReprDigest.sha256) != nil
    }

    private func requestHead() -> HTTPRequestHead {
        var fields = headers
        fields.set("Host", target.hostHeader)
        if !fields.contains("User-Agent") { fields.set("User-Agent", configuration.userAgent) }
        if !fields.contains("Accept") { fields.set("Accept", "*/*") }
        if configuration.requestDigest { fields.set("Want-Repr-Digest", "sha-256=1") }
        if !configuration.keepAlive { fields.set("Connection", "close") }
        fields.remove("Range")
        fields.remove("If-Range")
        if let rangeStart, let validator {
            fields.set("Range", "bytes=\(rangeStart)-")
            fields.set("If-Range", validator)
        }
        return HTTPRequestHead(method: method, target: target.target, headers: fields)
    }

    private func deadline(_ phase: DownloadError.TimeoutPhase, from start: Instant) -> Deadline? {
        let phaseDeadline = configuration.timeouts[phase].map { Deadline(instant: start + $0, error: .timeout(phase, limit: $0)) }
        let total = totalDeadline.map { Deadline(instant: $0, error: .timeout(.total, limit: configuration.timeouts.total ?? .zero)) }
        switch (phaseDeadline, total) {
        case let (phase?, total?): return total.instant < phase.instant ? total : phase
        case let (phase, total): return phase ?? total
        }
    }

    private mutating func reportProgress(now: Instant) {
        guard let progress else { return }
        if let lastProgress, now - lastProgress < configuration.progressInterval { return }
        lastProgress = now
        progress(makeProgress(now: now, complete: false))
    }

    private func makeProgress(now: Instant, complete: Bool) -> DownloadProgress {
        let elapsed = now - started
        let seconds = elapsed.seconds
        return DownloadProgress(
            bytesReceived: received, totalBytes: totalLength ?? (complete ? received : nil),
            bytesPerSecond: seconds > 0 ? Double(receivedThisCall) / seconds : 0,
            elapsed: elapsed, isComplete: complete)
    }

    private func result(now: Instant) -> DownloadResult {
        progress?(makeProgress(now: now, complete: true))
        let connected = connectedAt ?? attemptStarted
        let firstByte = firstByteAt ?? connected
        let head = finalResponse ?? HTTPResponseHead(status: 0)
        return DownloadResult(
            url: url,
            response: DownloadResponse(status: head.status, headers: head.headers),
            bytes: received,
            timings: DownloadTimings(
                connect: reusedConnection ? .zero : connected - attemptStarted,
                timeToFirstByte: firstByte - connected,
                transfer: (lastByteAt ?? firstByte) - firstByte,
                total: now - started),
            attempts: attempts,
            resumed: resumed,
            digestVerified: digestVerified)
    }

    @discardableResult
    private mutating func settle(_ step: Step) -> Step {
        outcome = step
        return step
    }

    /// The `ETag` to resume against: only a strong one, and only when the server takes
    /// byte ranges.
    private static func resumeValidator(_ head: HTTPResponseHead) -> String? {
        guard head.headers.containsToken("bytes", in: "Accept-Ranges"), let etag = head.headers["ETag"],
            etag.hasPrefix("\"")
        else { return nil }
        return etag
    }

    /// The wait a response's `Retry-After` asks for: its seconds, or its HTTP-date less the
    /// response's own `Date` (the server's clock on both sides, so clock skew cancels and the
    /// download needs no wall clock; a date in the past means now). `nil` when the field is
    /// absent or unreadable, or is a date without a `Date` beside it: the backoff applies.
    private static func retryAfter(_ head: HTTPResponseHead) -> Duration? {
        guard let field = head.headers["Retry-After"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if field.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return Int(field).map { .seconds($0) }
        }
        guard let date = HTTPDate.parse(field), let sent = head.headers["Date"].flatMap(HTTPDate.parse) else { return nil }
        return .seconds(max(0, date - sent))
    }
}
