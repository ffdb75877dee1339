#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking TCP client for proxy tests: connect, send, and read until the peer ends the
/// stream, telling a clean end (FIN) from a reset (RST) and from silence (a stall). Call it
/// inside ``blocking(_:)``, never on the cooperative pool.
package final class RawTCPClient: @unchecked Sendable {
    // Unchecked: one test thread uses it at a time.

    /// How a read ended.
    package enum Ending: String, Sendable, Equatable {
        /// The peer closed cleanly (FIN).
        case fin
        /// The peer reset the connection (RST).
        case reset
        /// Nothing came for the read timeout: the connection is open but stalled.
        case silence
    }

    /// The descriptor; -1 once ``reset()`` closed it, so that a later call fails with EBADF
    /// instead of acting on whichever descriptor took the number.
    private var fd: Int32

    /// Opens `count` connections to `port` one after another, reads each to its end, and
    /// returns the ordinals (0-based) of those that ended in a reset: which connections a
    /// seeded fault or toxic picked.
    package static func resetOrdinals(port: Int, connections count: Int) async throws -> [Int] {
        let endings = try await blocking {
            try (0..<count).map { _ in try RawTCPClient(port: port).receive(silence: 3).ending }
        }
        return endings.indices.filter { endings[$0] == .reset }
    }

    /// Connects to 127.0.0.1:`port`; throws when refused. With `receiveBuffer`, the socket's
    /// receive buffer is fixed at that size (the kernel doubles it) before it connects, instead
    /// of growing on its own (here up to 32 MiB): for a test that needs the bytes a server sent
    /// to wait on the server's side, where its pacing still applies to them.
    package init(port: Int, receiveBuffer: Int32? = nil) throws {
        BlockingCallCheck.offThePool("RawTCPClient(port:)")
        // The descriptor stays local until the connection is made: a class whose init throws
        // after setting every property runs its deinit, which would close it a second time
        // (then perhaps another thread's socket that took the number meanwhile).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket: \(String(cString: strerror(errno)))") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestSetupError("connect to 127.0.0.1:\(port): \(String(cString: strerror(code)))")
        }
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Sends every byte.
    package func send(_ bytes: [UInt8]) throws {
        BlockingCallCheck.offThePool("RawTCPClient.send")
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestSetupError("send: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// Writes filler bytes as fast as the peer takes them, for `seconds` or until `upTo` bytes
    /// are out; returns how many went. Shows how far a peer that reads slowly lets a sender get.
    package func sendFor(seconds: Double, upTo total: Int) -> Int {
        BlockingCallCheck.offThePool("RawTCPClient.sendFor")
        let piece = [UInt8](repeating: UInt8(ascii: "u"), count: 64 * 1024)
        let end = Date().addingTimeInterval(seconds)
        var sent = 0
        while sent < total {
            let left = end.timeIntervalSinceNow
            guard left > 0 else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left * 1000))) > 0 else { continue }
            let count = piece.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, min($0.count, total - sent), Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if count > 0 { sent += count } else if errno != EAGAIN { break }
        }
        return sent
    }

    /// Reads until end of stream, a reset, `limit` bytes, or `silence` seconds without a byte.
    package func receive(limit: Int = .max, silence: Double = 2) -> (bytes: [UInt8], ending: Ending) {
        BlockingCallCheck.offThePool("RawTCPClient.receive")
        var timeout = timeval(tv_sec: Int(silence), tv_usec: Int((silence - Double(Int(silence))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, limit - bytes.count), 0) }
            if count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return (bytes, .fin)
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return (bytes, .silence)
            } else {
                return (bytes, .reset)
            }
        }
        return (bytes, .silence)
    }

    /// Sends FIN; reading goes on.
    package func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Resets the connection (RST): SO_LINGER with a zero timeout, then shutdown and close.
    package func reset() {
        var value = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Closes the connection.
    package func close() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}
