#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetworkCore

/// One keep-alive connection from a proxy to its upstream: writes a request, reads the
/// response head strictly, then hands out the body piece by piece as the client takes it, so
/// a slow client slows the reads from the upstream and nothing piles up in between.
actor UpstreamConnection {
    /// The socket, or a layer on it (TLS).
    nonisolated let transport: any UpstreamTransport
    /// `host:port`, for error messages.
    nonisolated let upstream: String
    /// Bytes read past what has been handed out: the start of a body after its head.
    private var pending: [UInt8] = []
    private var framing = BodyFraming.none
    private var remaining: Int64 = 0
    private var decoder = ChunkedDecoder()
    private var bodyComplete = true
    /// Body bytes as they came off the wire (chunk framing included).
    private(set) var wireBodyBytes: Int64 = 0
    /// True while the connection can carry another request: the response was framed and
    /// read exactly to its end.
    private(set) var reusable = false
    /// Requests sent on this connection so far.
    private(set) var requests = 0

    static let readSize = 256 * 1024

    private init(transport: any UpstreamTransport, upstream: String) {
        self.transport = transport
        self.upstream = upstream
    }

    deinit {
        transport.close()
    }

    /// Opens a connection to `address`, within `deadline`, and `layer` on it when given
    /// (``MockServer/Upstream/transport``).
    static func connect(
        to address: SocketAddress, upstream: String, layer: UpstreamTransport.Opener? = nil, deadline: Instant
    ) async throws(UpstreamError) -> UpstreamConnection {
        let socket: AsyncSocket
        do {
            socket = try await AsyncSocket.connect(to: address, deadline: deadline)
        } catch AsyncIOError.socket(let error) where error.isRefused {
            throw .refused(upstream: upstream)
        } catch AsyncIOError.timedOut {
            throw .unreachable(upstream: upstream, reason: "the connection did not open in time")
        } catch {
            throw .unreachable(upstream: upstream, reason: "\(error)")
        }
        guard let layer else { return UpstreamConnection(transport: PlainUpstreamTransport(socket), upstream: upstream) }
        do {
            return UpstreamConnection(transport: try await layer(socket, deadline), upstream: upstream)
        } catch {
            socket.close()
            switch error {
            case .tls(let reason): throw .tls(upstream: upstream, reason: reason)
            case .io(.timedOut): throw .tls(upstream: upstream, reason: "no handshake within the upstream timeout")
            case .io(let failure): throw .tls(upstream: upstream, reason: "the connection broke during the handshake: \(failure)")
            }
        }
    }

    nonisolated func close() {
        transport.close()
    }

    /// Writes a whole request (head and body).
    func send(_ request: [UInt8], deadline: Instant) async throws(UpstreamError) {
        requests += 1
        reusable = false
        do {
            try await transport.write(request, deadline: deadline)
        } catch .io(.timedOut) {
            throw .timedOut(upstream: upstream, after: .zero)
        } catch {
            throw .reset(upstream: upstream, reason: "writing the request failed: \(error)")
        }
    }

    /// The most interim heads handed on for one response.
    static let forwardedInterimHeads = 16

    /// Reads the final response head to a request with `method`; returns it with when its
    /// first byte came and the size of the heads read. Refuses any head whose body framing is
    /// ambiguous, and a `101`. With no `deadline`, whoever calls waits as long as it likes (and
    /// closes the connection to stop).
    ///
    /// Interim (1xx) heads before it go to `interim` as they come, but `100 Continue` (the
    /// proxy does not forward `Expect`, and answers a client's `100-continue` itself), and no
    /// more than ``forwardedInterimHeads``: an upstream that sends them without end floods no one.
    func readHead(
        method: RequestMethod, deadline: Instant?, interim: (@Sendable (HTTPResponseHead) -> Void)? = nil
    ) async throws(UpstreamError) -> UpstreamHead {
        var firstByte: Instant?
        var size = 0
        var forwarded = 0
        while true {
            var parser = HTTPHeadParser()
            var parsed: (head: HTTPResponseHead, consumed: Int)?
            while true {
                do {
                    parsed = try pending.withUnsafeBytes { try parser.parseResponse($0) }
                } catch {
                    throw .invalidResponse(upstream: upstream, reason: "\(error)")
                }
                if parsed != nil { break }
                let count = try await read(deadline: deadline, timeout: true)
                guard count > 0 else {
                    throw .reset(upstream: upstream, reason: pending.isEmpty ? "it closed the connection" : "it closed the connection within the head")
                }
                if firstByte == nil { firstByte = Instant.now() }
            }
            guard let (head, consumed) = parsed else { continue }
            pending.removeFirst(consumed)
            size += consumed
            if (100...199).contains(head.status) {
                guard head.status != 101 else {
                    throw .invalidResponse(upstream: upstream, reason: "101 Switching Protocols to a request that asked for no upgrade")
                }
                if head.status != 100, forwarded < Self.forwardedInterimHeads, let interim {
                    forwarded += 1
                    interim(head)
                }
                continue
            }
            guard (200...599).contains(head.status) else {
                throw .invalidResponse(upstream: upstream, reason: "its status \(head.status) is outside 100...599 (RFC 9110 §15)")
            }
            try startBody(head, method: method)
            return UpstreamHead(head: head, firstByte: firstByte ?? Instant.now(), size: size)
        }
    }

    private func startBody(_ head: HTTPResponseHead, method: RequestMethod) throws(UpstreamError) {
        // RFC 9112 §6.3 lets a recipient pick Transfer-Encoding over Content-Length; a proxy
        // must not, since the next hop might pick the other (response splitting).
        if head.headers.contains("Transfer-Encoding") && head.headers.contains("Content-Length") {
            throw .invalidResponse(upstream: upstream, reason: "it has both Content-Length and Transfer-Encoding (ambiguous framing)")
        }
        do {
            framing = try BodyFraming.response(head, requestMethod: method)
        } catch {
            throw .invalidResponse(upstream: upstream, reason: "\(error) (ambiguous or unsupported body framing)")
        }
        wireBodyBytes = Int64(pending.count)
        bodyComplete = false
        switch framing {
        case .none: bodyComplete = true
        case .contentLength(let length): remaining = length; bodyComplete = length == 0
        case .chunked: decoder = ChunkedDecoder()
        case .untilClose: break
        }
        keepAlive = head.keepAlive
        finishIfComplete(keepAlive: keepAlive)
    }

    private var keepAlive = true

    /// Whether the body has been read to its end.
    var isBodyComplete: Bool { bodyComplete }

    /// The body's length when its framing gives it up front.
    var announcedLength: Int64? {
        switch framing {
        case .none: 0
        case .contentLength(let length): length
        case .chunked, .untilClose: nil
        }
    }

    /// The next piece of the body, nil once it is complete. Waits at most `timeout` for
    /// each read.
    func nextChunk(timeout: Duration) async throws(UpstreamError) -> [UInt8]? {
        while !bodyComplete {
            if pending.isEmpty {
                let count = try await read(deadline: Instant.now() + timeout, timeout: false)
                if count == 0 {
                    guard framing == .untilClose else {
                        throw .brokenBody(upstream: upstream, reason: "it closed the connection before the body was complete")
                    }
                    bodyComplete = true
                    return nil
                }
                wireBodyBytes += Int64(count)
            }
            switch framing {
            case .contentLength:
                let take = Int(min(Int64(pending.count), remaining))
                let piece: [UInt8]
                if take == pending.count {
                    piece = pending
                    pending = []
                } else {
                    piece = Array(pending[..<take])
                    pending.removeFirst(take)
                }
                remaining -= Int64(take)
                bodyComplete = remaining == 0
                finishIfComplete(keepAlive: keepAlive)
                return piece
            case .chunked:
                var piece: [UInt8] = []
                let consumed: Int
                do {
                    consumed = try pending.withUnsafeBytes { input in
                        try decoder.decode(input) { piece.append(contentsOf: $0) }
                    }
                } catch {
                    throw .brokenBody(upstream: upstream, reason: "invalid chunked body: \(error)")
                }
                pending.removeFirst(consumed)
                bodyComplete = decoder.isComplete
                finishIfComplete(keepAlive: keepAlive)
                if !piece.isEmpty { return piece }
            case .untilClose:
                defer { pending.removeAll() }
                return pending
            case .none:
                bodyComplete = true
            }
        }
        return nil
    }

    /// Hands a Content-Length body over to be read from the socket on the server's loop: returns
    /// the part of it already read (after the head) and how many bytes remain in the socket;
    /// nil for any other framing, or when the body is already whole here. Call
    /// ``bodyHandedOverWasRead()`` once those bytes have been read.
    func handOverBody() -> (read: [UInt8], remaining: Int64)? {
        guard case .contentLength = framing, !bodyComplete, Int64(pending.count) < remaining else { return nil }
        let read = pending
        pending = []
        remaining -= Int64(read.count)
        return (read, remaining)
    }

    /// The body handed over by ``handOverBody()`` was read from the socket whole.
    func bodyHandedOverWasRead() {
        wireBodyBytes += remaining
        remaining = 0
        bodyComplete = true
        finishIfComplete(keepAlive: keepAlive)
    }

    /// Once the body is read to its end, the connection may carry another request, unless the
    /// upstream said otherwise or sent bytes nobody asked for.
    private func finishIfComplete(keepAlive: Bool) {
        guard bodyComplete else { return }
        reusable = keepAlive && framing != .untilClose && pending.isEmpty
    }

    /// One read appended to `pending`; returns its count, 0 at end of stream.
    private func read(deadline: Instant?, timeout isHeadTimeout: Bool) async throws(UpstreamError) -> Int {
        do {
            let bytes = try await transport.read(upTo: Self.readSize, deadline: deadline)
            if pending.isEmpty { pending = bytes } else { pending.append(contentsOf: bytes) }
            return bytes.count
        } catch .io(.timedOut) {
            if isHeadTimeout { throw .timedOut(upstream: upstream, after: .zero) }
            throw .brokenBody(upstream: upstream, reason: "no body bytes within the upstream timeout")
        } catch .io(.socket(let error)) where error.isReset {
            throw isHeadTimeout && pending.isEmpty
                ? .reset(upstream: upstream, reason: "connection reset (RST)")
                : .brokenBody(upstream: upstream, reason: "connection reset (RST)")
        } catch {
            throw isHeadTimeout ? .reset(upstream: upstream, reason: "\(error)") : .brokenBody(upstream: upstream, reason: "\(error)")
        }
    }
}
