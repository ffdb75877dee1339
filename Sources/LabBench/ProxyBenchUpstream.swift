import Foundation
import MockServer
import NetworkCore

/// The upstream of `lab bench proxy`: plain blocking sockets, a thread per connection, so the
/// proxy's event loop is the only one in the measurement. A connection's first byte picks what
/// it gets: `S` and an 8-byte big-endian count, that many payload bytes then FIN; `E`, every
/// byte echoed.
final class ProxyBenchUpstream: Sendable {
    let port: Int
    private let listener: Socket
    private let stopped = Lock(false)
    /// The payload every connection sends from, filled once: a thousand connections starting
    /// at once must not each fill a buffer of their own before their first byte.
    private let payload: [UInt8]

    init() throws(BenchError) {
        do {
            listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
            try listener.setNonBlocking(false)
            port = try listener.localAddress().port
        } catch {
            throw BenchError("proxy bench upstream: \(error)")
        }
        payload = Payload.checkedBytes(seed: 0, count: RawPump.pieceSize)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "lab-bench-proxy-upstream"
        thread.start()
    }

    /// Stops accepting; connections in progress finish on their own.
    func stop() {
        stopped.withLock { $0 = true }
        listener.shutdownBoth()
        listener.close()
    }


    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            guard let socket = try? listener.accept() else { return }
            let thread = Thread { [self] in serve(socket) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    private func serve(_ socket: Socket) {
        defer { socket.close() }
        try? socket.setNonBlocking(false)
        socket.setNoDelay()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        guard let command = try? PlainReader.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1])), command == 1 else { return }
        if buffer[0] == UInt8(ascii: "E") {
            while let count = try? PlainReader.receive(socket, into: buffer), count > 0 {
                guard (try? PlainReader.write(Array(buffer[0..<count]), to: socket)) != nil else { return }
            }
            return
        }
        var header = [UInt8](repeating: 0, count: 8)
        var got = 0
        while got < 8 {
            guard let count = try? header.withUnsafeMutableBytes({ bytes in
                try PlainReader.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: bytes[got...]))
            }), count > 0 else { return }
            got += count
        }
        var left = header.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        while left > 0 {
            let size = Int(min(Int64(payload.count), left))
            let result = payload.withUnsafeBytes { try? socket.send(UnsafeRawBufferPointer(rebasing: $0[..<size])) }
            guard case .processed(let count)? = result else { return }
            left -= Int64(count)
        }
        socket.shutdownWrite()
    }

    /// The request for `count` bytes.
    static func request(bytes count: Int64) -> [UInt8] {
        [UInt8(ascii: "S")] + (0..<8).map { UInt8(truncatingIfNeeded: count >> (56 - 8 * $0)) }
    }
}
