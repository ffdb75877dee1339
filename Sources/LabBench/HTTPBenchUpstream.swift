import Foundation
import MockServer
import NetworkCore

/// The upstream of the HTTP proxy benchmark: a minimal HTTP/1.1 server on plain blocking
/// sockets, a thread per connection, so that the proxy's event loop is the only one in the
/// measurement. `GET /N` answers N payload bytes with a `Content-Length`; connections stay open.
final class HTTPBenchUpstream: Sendable {
    let port: Int
    private let listener: Socket
    private let stopped = Lock(false)
    /// One shared piece every response is sent from.
    private let payload: [UInt8]

    init() throws(BenchError) {
        do {
            listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
            try listener.setNonBlocking(false)
            port = try listener.localAddress().port
        } catch {
            throw BenchError("HTTP bench upstream: \(error)")
        }
        payload = Payload.checkedBytes(seed: 0, count: RawPump.pieceSize)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "lab-bench-http-upstream"
        thread.start()
    }

    /// Stops accepting; connections in progress end when their clients close them.
    func stop() {
        stopped.withLock { $0 = true }
        listener.shutdownBoth()
        listener.close()
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            guard let accepted = try? listener.accept() else { return }
            try? accepted.setNonBlocking(false)
            let thread = Thread { [self] in serve(accepted) }
            thread.name = "lab-bench-http-upstream-connection"
            thread.start()
        }
    }

    private func serve(_ socket: Socket) {
        defer { socket.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var pending: [UInt8] = []
        while true {
            // The benchmark's requests are small and never pipelined: read up to the blank line.
            while pending.firstRange(of: [13, 10, 13, 10]) == nil {
                guard case .processed(let count)? = try? socket.receive(into: buffer) else { return }
                pending.append(contentsOf: buffer[..<count])
            }
            let end = pending.firstRange(of: [13, 10, 13, 10])!.upperBound
            let line = String(decoding: pending[..<(pending.firstIndex(of: 13) ?? 0)], as: UTF8.self)
            pending.removeFirst(end)
            let target = line.split(separator: " ").dropFirst().first ?? "/0"
            let size = Int64(target.dropFirst()) ?? 0
            guard send(Array("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nContent-Type: application/octet-stream\r\n\r\n".utf8), socket) else { return }
            var left = size
            while left > 0 {
                let count = Int(min(left, Int64(payload.count)))
                guard send(payload[..<count], socket) else { return }
                left -= Int64(count)
            }
        }
    }

    private func send(_ bytes: some Collection<UInt8> & ContiguousBytes, _ socket: Socket) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard case .processed(let count)? = try? socket.send(UnsafeRawBufferPointer(rebasing: raw[offset...])) else { return false }
                offset += count
            }
            return true
        }
    }
}
