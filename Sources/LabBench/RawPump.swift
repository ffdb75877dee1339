#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MockServer
import NetworkCore

/// The yardstick of every throughput figure: the fastest one loopback TCP stream goes on this
/// machine right now, with nothing but system calls on either side. One thread writes 1 MiB
/// of payload bytes at a time with blocking `send`; another reads them with blocking `recv`
/// into 256 KiB, exactly as ``PlainReader`` does.
enum RawPump {
    /// Bytes per `send`.
    static let pieceSize = 1 << 20

    /// Pumps `bytes` through a new loopback connection; returns the seconds from the writer's
    /// first `send` to the reader's last `recv`.
    static func measure(bytes: Int64) async throws(BenchError) -> Double {
        let (writer, reader) = try connectedPair()
        defer {
            writer.close()
            reader.close()
        }
        async let started = DedicatedThread.run(name: "lab-bench-pump-writer") { () -> Result<Instant, BenchError> in
            let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)
            defer { piece.deallocate() }
            Payload.write(piece, seed: 0, offset: 0)
            let start = Instant.now()
            var left = bytes
            while left > 0 {
                let chunk = UnsafeRawBufferPointer(rebasing: piece[..<Int(min(Int64(pieceSize), left))])
                guard case .processed(let count)? = try? writer.send(chunk) else {
                    return .failure(BenchError("raw pump: send failed with \(left) bytes left"))
                }
                left -= Int64(count)
            }
            return .success(start)
        }
        let ended = await DedicatedThread.run(name: "lab-bench-pump-reader") { () -> Result<Instant, BenchError> in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PlainReader.bufferSize, alignment: 16)
            defer { buffer.deallocate() }
            return Result { () throws(BenchError) in
                try PlainReader.drain(reader, count: bytes, buffer: buffer)
                return Instant.now()
            }
        }
        return (try ended.get() - (try await started.get())).seconds
    }

    /// Both ends of a new loopback connection, blocking and with `TCP_NODELAY` as the server's.
    private static func connectedPair() throws(BenchError) -> (writer: Socket, reader: Socket) {
        do {
            let listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
            defer { listener.close() }
            let reader = try PlainReader.connect(port: try listener.localAddress().port)
            var accepted: Socket?
            for _ in 0..<1000 where accepted == nil {
                accepted = try listener.accept()
                if accepted == nil { usleep(1000) }
            }
            guard let writer = accepted else {
                reader.close()
                throw BenchError("raw pump: the loopback connection was never accepted")
            }
            try writer.setNonBlocking(false)
            writer.setNoDelay()
            return (writer, reader)
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("raw pump: \(error)")
        }
    }
}
