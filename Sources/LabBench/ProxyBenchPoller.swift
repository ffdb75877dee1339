#if canImport(Glibc)
import CNetworkLab
import Glibc
#endif
import NetworkCore

/// The client side of `lab bench proxy`'s capped connections: one thread, every socket
/// non-blocking under one edge-triggered epoll set, so a thousand downloads are timed without
/// a thousand threads, and each is read within microseconds of its bytes arriving (no polling
/// interval, no scan of every descriptor per wakeup).
enum ProxyBenchPoller {
    /// What the downloads measured, and how busy the reader was doing it.
    struct Outcome {
        /// Each connection's rate: the bytes after its first read over the time from that read
        /// to its last byte's recv (the steady pace, without the upstream's start).
        var rates: [Double]
        /// The reader thread's CPU time over the wall time of the downloads: well under 1, it
        /// waited for bytes and was not what held them back.
        var readerBusy: Double
        /// The most bytes one read found waiting: near the socket's whole receive buffer, the
        /// reader fell behind.
        var largestRead: Int
        /// The reader thread's time on a CPU and waiting for one, during the downloads.
        var readerSchedule: ThreadSchedule
        /// Seconds from the first connection's request to the last byte.
        var wall: Double
    }

    /// Opens `connections` connections to `port`, asks each for `bytes` bytes, and reads
    /// them all to the end.
    static func download(connections: Int, bytes: Int64, port: Int) throws(BenchError) -> Outcome {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw BenchError("epoll_create1 failed (errno \(errno))") }
        defer { close(epoll) }
        var sockets: [Socket] = []
        defer { for socket in sockets { socket.close() } }
        // Bytes that arrive while later connections open wait in kernel buffers, which hold
        // far more than the cap sends in that time.
        for index in 0..<connections {
            let socket = try PlainReader.connect(port: port)
            sockets.append(socket)
            try PlainReader.write(ProxyBenchUpstream.request(bytes: bytes), to: socket)
            do { try socket.setNonBlocking(true) } catch { throw BenchError("epoll: \(error)") }
            var event = epoll_event()
            event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            event.data.u64 = UInt64(index)
            guard epoll_ctl(epoll, EPOLL_CTL_ADD, socket.fd, &event) == 0 else { throw BenchError("epoll_ctl failed (errno \(errno))") }
        }
        var received = [Int64](repeating: 0, count: connections)
        var firsts = [(at: Instant, bytes: Int64)?](repeating: nil, count: connections)
        var ends = [Instant?](repeating: nil, count: connections)
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: connections)
        defer { events.deallocate() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var open = connections
        var largestRead = 0
        let started = Instant.now(), cpuStarted = threadCPUTime(), scheduleStarted = ThreadSchedule.current()
        let deadline = started + .seconds(Double(bytes) / 1_000.0 + 60)
        while open > 0 {
            guard Instant.now() < deadline else { throw BenchError("capped downloads: \(open) still open after the deadline") }
            let count = epoll_wait(epoll, events.baseAddress, Int32(connections), 1_000)
            guard count >= 0 || errno == EINTR else { throw BenchError("epoll_wait failed (errno \(errno))") }
            for event in events.prefix(Int(max(0, count))) {
                let index = Int(event.data.u64)
                guard ends[index] == nil else { continue }
                while true {
                    guard let result = try? sockets[index].receive(into: buffer) else {
                        throw BenchError("capped download \(index): the connection broke after \(received[index]) bytes")
                    }
                    guard case .processed(let count) = result else {
                        if result == .endOfStream {
                            throw BenchError("capped download \(index): the connection closed after \(received[index]) of \(bytes) bytes")
                        }
                        break
                    }
                    let now = Instant.now()
                    largestRead = max(largestRead, count)
                    received[index] += Int64(count)
                    if firsts[index] == nil { firsts[index] = (now, Int64(count)) }
                    if received[index] >= bytes {
                        ends[index] = now
                        open -= 1
                        break
                    }
                }
            }
        }
        let wall = (Instant.now() - started).seconds
        let rates = sockets.indices.map { Double(bytes - firsts[$0]!.bytes) / (ends[$0]! - firsts[$0]!.at).seconds }
        return Outcome(
            rates: rates, readerBusy: (threadCPUTime() - cpuStarted) / wall, largestRead: largestRead,
            readerSchedule: ThreadSchedule.current() - scheduleStarted, wall: wall)
    }

    /// The calling thread's CPU time (user and system), in seconds.
    private static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
