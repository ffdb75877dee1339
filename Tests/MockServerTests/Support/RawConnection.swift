#if canImport(Glibc)
import Glibc
#endif
import MockServer
import NetworkCore
import TestSupport

/// A client connection on a blocking socket, for exchanges that need every byte under the
/// test's control: pipelining, heads written in pieces, `Expect: 100-continue`, reading what
/// the server does after a response. Its calls block: run them inside ``blocking(_:)``.
///
/// ```swift
/// let response = try await blocking {
///     let connection = try RawConnection(port: server.port)
///     try connection.write("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n")
///     return try connection.readResponse()
/// }
/// ```
final class RawConnection: @unchecked Sendable {
    // Unchecked: a test drives a connection from one `blocking` closure at a time.

    private let socket: Socket
    /// Bytes read and not yet handed out.
    private var pending: [UInt8] = []
    /// Every byte read so far, for error messages.
    private(set) var received = 0
    private var closed = false

    /// How a connection ended, as seen by ``readToEnd()``.
    enum End: Equatable {
        /// The server closed it cleanly (FIN).
        case closed
        /// The server reset it (RST), or it broke otherwise.
        case reset
        /// It was still open when the read timeout passed.
        case timedOut
    }

    /// Connects to `127.0.0.1:port`; reads fail with ``RawConnectionError/timedOut(received:)``
    /// after `readTimeout` seconds of silence, so a broken server fails a test instead of hanging it.
    init(port: Int, readTimeout: Double = 10) throws(RawConnectionError) {
        BlockingCallCheck.offThePool("RawConnection(port:)")
        do {
            socket = try Socket.tcp(family: AF_INET, nonBlocking: false)
            _ = try socket.connect(to: SocketAddress(numericHost: "127.0.0.1", port: port)!)
        } catch {
            throw .socket(error)
        }
        setReadTimeout(readTimeout)
    }

    deinit { close() }

    /// Changes the read timeout.
    func setReadTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        _ = setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func write(_ text: String) throws(RawConnectionError) {
        try write(Array(text.utf8))
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(RawConnectionError) {
        BlockingCallCheck.offThePool("RawConnection.write")
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(SocketError) in try socket.send(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            switch result {
            case .success(.processed(let count)): offset += count
            case .success: throw .closedEarly(received: received)
            case .failure(let error): throw .socket(error)
            }
        }
    }

    /// Closes our sending side: the server reads end of stream.
    func shutdownWrite() {
        socket.shutdownWrite()
    }

    func close() {
        guard !closed else { return }
        closed = true
        socket.close()
    }

    /// Waits up to `seconds` for bytes (or the end of the connection) to arrive; true if they did.
    func waitReadable(seconds: Double) -> Bool {
        if seconds > 0 { BlockingCallCheck.offThePool("RawConnection.waitReadable") }
        if !pending.isEmpty { return true }
        var descriptor = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
    }

    /// Reads the next response: head, and body as its framing says (none for `HEAD` or a 1xx,
    /// `Content-Length` bytes, or everything until the server closes).
    func readResponse(method: RequestMethod = .get) throws(RawConnectionError) -> RawResponse {
        var response = try readHead()
        let head = HTTPResponseHead(status: response.status, reason: "", version: .http1_1, headers: response.headers)
        let framing: BodyFraming
        do {
            framing = try BodyFraming.response(head, requestMethod: method)
        } catch {
            throw .malformed("\(error)")
        }
        switch framing {
        case .none: break
        case .contentLength(let length): response.body = try read(count: Int(length))
        case .untilClose:
            let (bytes, end) = readToEnd()
            guard end == .closed else { throw end == .reset ? .reset(received: received) : .timedOut(received: received) }
            response.body = bytes
        case .chunked: response.body = try readChunkedBody()
        }
        return response
    }

    /// Reads a chunked body to its end and returns it decoded.
    func readChunkedBody() throws(RawConnectionError) -> [UInt8] {
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        while !decoder.isComplete {
            if pending.isEmpty { try fill(endIsError: true) }
            let consumed: Int
            do {
                consumed = try pending.withUnsafeBytes { bytes throws(HTTPParseError) in
                    try decoder.decode(bytes) { body.append(contentsOf: $0) }
                }
            } catch {
                throw .malformed("\(error)")
            }
            pending.removeFirst(consumed)
        }
        return body
    }

    /// Reads the next response head and leaves its body unread (read it with ``read(count:)``).
    func readHead() throws(RawConnectionError) -> RawResponse {
        var parser = HTTPHeadParser()
        while true {
            let parsed: (head: HTTPResponseHead, consumed: Int)?
            do {
                parsed = try pending.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.parseResponse(bytes) }
            } catch {
                throw .malformed("\(error)")
            }
            if let (head, consumed) = parsed {
                pending.removeFirst(consumed)
                return RawResponse(status: head.status, headers: head.headers, body: [])
            }
            try fill(endIsError: true)
        }
    }

    /// Reads exactly `count` bytes.
    func read(count: Int) throws(RawConnectionError) -> [UInt8] {
        while pending.count < count { try fill(endIsError: true) }
        defer { pending.removeFirst(count) }
        return Array(pending[..<count])
    }

    /// Reads until the server closes or resets the connection or the read timeout passes;
    /// returns what arrived and how it ended.
    func readToEnd() -> (bytes: [UInt8], end: End) {
        while true {
            do {
                if try !fill(endIsError: false) { break }
            } catch .timedOut {
                return (take(), .timedOut)
            } catch {
                return (take(), .reset)
            }
        }
        return (take(), .closed)
    }

    private func take() -> [UInt8] {
        defer { pending.removeAll() }
        return pending
    }

    /// Reads what the socket has into `pending`; false at end of stream (or throws, if
    /// `endIsError`).
    @discardableResult
    private func fill(endIsError: Bool) throws(RawConnectionError) -> Bool {
        BlockingCallCheck.offThePool("a RawConnection read")
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let result = buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(SocketError) in try socket.receive(into: bytes) }
        }
        switch result {
        case .success(.processed(let count)):
            pending.append(contentsOf: buffer[..<count])
            received += count
            return true
        case .success(.wouldBlock):
            throw .timedOut(received: received)
        case .success(.endOfStream):
            if endIsError { throw .closedEarly(received: received) }
            return false
        case .failure(let error) where error.isReset:
            throw .reset(received: received)
        case .failure(let error):
            throw .socket(error)
        }
    }
}

extension RawConnection {
    /// A request head for `target` with `Host`, then `headers`, in HTTP/1.1 unless `version` says.
    static func request(
        _ method: String = "GET", _ target: String, headers: [(String, String)] = [], version: String = "HTTP/1.1"
    ) -> String {
        var text = "\(method) \(target) \(version)\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return text + "\r\n"
    }
}

extension MockServer {
    /// Sends one request (no body) on a new connection and reads the response.
    func get(
        _ target: String, method: RequestMethod = .get, headers: [(String, String)] = []
    ) async throws -> RawResponse {
        try await send(method, target, headers: headers)
    }

    /// Sends one request with `body` (and its `Content-Length`) on a new connection and reads
    /// the response.
    func send(
        _ method: RequestMethod, _ target: String, body: String? = nil, headers: [(String, String)] = []
    ) async throws -> RawResponse {
        let port = self.port
        let length = body.map { [("Content-Length", String($0.utf8.count))] } ?? []
        return try await blocking {
            let connection = try RawConnection(port: port)
            try connection.write(
                RawConnection.request(method.rawValue, target, headers: headers + length + [("Connection", "close")]) + (body ?? ""))
            return try connection.readResponse(method: method)
        }
    }
}

extension RawConnection {
    /// Writes `request` and reads its response.
    func exchange(_ request: String, method: RequestMethod = .get) throws(RawConnectionError) -> RawResponse {
        try write(request)
        return try readResponse(method: method)
    }
}
