import NetworkCore

/// One HTTP/1.1 GET read by a plain blocking socket into one 256 KiB buffer, the bytes
/// counted and never looked at: the reader behind the server's throughput figures, so that
/// they measure the server and not a client.
enum PlainReader {
    /// The reads of each benchmark reader: as large as the clients' default read buffer.
    static let bufferSize = 256 * 1024

    /// What one GET took.
    struct Outcome: Sendable {
        var status: Int
        var bodyBytes: Int64
        /// When the request had been written.
        var sent: Instant
        /// When the response head had been read.
        var head: Instant
        /// When the last body byte had been read.
        var end: Instant
    }

    /// ``get(_:port:)`` on a thread of its own, off Swift's cooperative pool.
    static func download(_ path: String, port: Int) async throws(BenchError) -> Outcome {
        try await DedicatedThread.run(name: "lab-bench-reader") { Result { () throws(BenchError) in try get(path, port: port) } }.get()
    }

    /// GETs `path` from the server on 127.0.0.1:`port` over a new connection, and reads the
    /// whole response.
    static func get(_ path: String, port: Int) throws(BenchError) -> Outcome {
        let socket = try connect(port: port)
        defer { socket.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        try write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8), to: socket)
        let sent = Instant.now()
        var parser = HTTPHeadParser()
        var pending: [UInt8] = []
        while true {
            guard let count = try receive(socket, into: buffer) else {
                throw BenchError("GET \(path): the server closed the connection before the response head")
            }
            pending.append(contentsOf: buffer[..<count])
            let parsed: (head: HTTPResponseHead, consumed: Int)?
            do {
                parsed = try pending.withUnsafeBytes { try parser.parseResponse($0) }
            } catch {
                throw BenchError("GET \(path): bad response head: \(error)")
            }
            guard let (head, consumed) = parsed else { continue }
            let headAt = Instant.now()
            guard case .contentLength(let length)? = try? BodyFraming.response(head, requestMethod: .get) else {
                throw BenchError("GET \(path): the response has no Content-Length")
            }
            do {
                try drain(socket, count: length - Int64(pending.count - consumed), buffer: buffer)
            } catch {
                throw BenchError("GET \(path): \(error)")
            }
            return Outcome(status: head.status, bodyBytes: length, sent: sent, head: headAt, end: .now())
        }
    }

    /// Reads exactly `count` bytes from a blocking socket, discarding them.
    static func drain(_ socket: Socket, count: Int64, buffer: UnsafeMutableRawBufferPointer) throws(BenchError) {
        var left = count
        while left > 0 {
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(Int64(buffer.count), left))])
            guard let read = try receive(socket, into: piece) else {
                throw BenchError("the peer closed the connection \(left) bytes before the end")
            }
            left -= Int64(read)
        }
    }

    /// One blocking `recv`; nil at the end of the stream.
    static func receive(_ socket: Socket, into buffer: UnsafeMutableRawBufferPointer) throws(BenchError) -> Int? {
        do {
            guard case .processed(let count) = try socket.receive(into: buffer) else { return nil }
            return count
        } catch {
            throw BenchError("\(error)")
        }
    }

    /// Writes all of `bytes` to a blocking socket.
    static func write(_ bytes: [UInt8], to socket: Socket) throws(BenchError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(SocketError) in try socket.send(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            guard case .success(.processed(let count)) = result else {
                throw BenchError("sending the request failed: \(result)")
            }
            offset += count
        }
    }

    /// A blocking connection to 127.0.0.1:`port`.
    static func connect(port: Int) throws(BenchError) -> Socket {
        let address = SocketAddress(numericHost: "127.0.0.1", port: port)!
        do {
            let socket = try Socket.tcp(family: address.family, nonBlocking: false)
            do throws(SocketError) {
                _ = try socket.connect(to: address)
            } catch {
                socket.close()
                throw error
            }
            return socket
        } catch {
            throw BenchError("\(error)")
        }
    }
}
