#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

/// The client side of `lab bench proxy`'s capped connections: one thread, every socket
/// non-blocking under `poll(2)`, so a thousand downloads are timed without a thousand threads.
enum ProxyBenchPoller {
    /// Opens `connections` connections to `port`, asks each for `bytes` bytes, and returns each
    /// one's rate: the bytes after its first read over the time from that read to its last
    /// byte's recv (the steady pace, without the upstream's start).
    static func download(connections: Int, bytes: Int64, port: Int) throws(BenchError) -> [Double] {
        var sockets: [Socket] = []
        defer { for socket in sockets { socket.close() } }
        // Bytes that arrive while later connections open wait in kernel buffers, which hold
        // far more than the cap sends in that time.
        for _ in 0..<connections {
            let socket = try PlainReader.connect(port: port)
            sockets.append(socket)
            try PlainReader.write(ProxyBenchUpstream.request(bytes: bytes), to: socket)
            do { try socket.setNonBlocking(true) } catch { throw BenchError("poll: \(error)") }
        }
        var received = [Int64](repeating: 0, count: connections)
        var firsts = [(at: Instant, bytes: Int64)?](repeating: nil, count: connections)
        var ends = [Instant?](repeating: nil, count: connections)
        var descriptors = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var open = connections
        let deadline = Instant.now() + .seconds(Double(bytes) / 1_000.0 + 60)
        while open > 0 {
            guard Instant.now() < deadline else { throw BenchError("capped downloads: \(open) still open after the deadline") }
            // poll(2) scans every descriptor on each call: with a thousand slow streams, calling
            // it for each byte that arrives would make this thread the bottleneck. Every 2 ms
            // each call finds many ready, and kernel buffers hold far more than 2 ms of data.
            usleep(2_000)
            let ready = poll(&descriptors, nfds_t(descriptors.count), 1_000)
            guard ready >= 0 || errno == EINTR else { throw BenchError("poll failed (errno \(errno))") }
            for index in descriptors.indices where descriptors[index].revents != 0 && ends[index] == nil {
                descriptors[index].revents = 0
                while true {
                    guard let result = try? sockets[index].receive(into: buffer) else {
                        throw BenchError("capped download \(index): the connection broke after \(received[index]) bytes")
                    }
                    if case .processed(let count) = result {
                        received[index] += Int64(count)
                        if firsts[index] == nil { firsts[index] = (Instant.now(), Int64(count)) }
                        if received[index] >= bytes { ends[index] = Instant.now() }
                        continue
                    }
                    if case .endOfStream = result, ends[index] == nil {
                        throw BenchError("capped download \(index): the connection closed after \(received[index]) of \(bytes) bytes")
                    }
                    break
                }
                if ends[index] != nil {
                    descriptors[index].fd = -1
                    open -= 1
                }
            }
        }
        return sockets.indices.map { Double(bytes - firsts[$0]!.bytes) / (ends[$0]! - firsts[$0]!.at).seconds }
    }
}
