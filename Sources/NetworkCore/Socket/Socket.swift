#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket descriptor with the few operations the lab needs, each reporting failure as a
/// ``SocketError`` that names the call and `errno`.
///
/// `Socket` is a plain value holding a descriptor: whoever creates or accepts it owns it and must
/// `close()` it once. Sends never raise `SIGPIPE` (`MSG_NOSIGNAL`), so a peer that goes away can
/// never kill the process.
package struct Socket: Sendable, Hashable, CustomStringConvertible {
    /// The file descriptor.
    package let fd: Int32

    package init(fd: Int32) {
        self.fd = fd
    }

    /// The result of one non-blocking read or write.
    package enum IOResult: Sendable, Equatable {
        /// This many bytes were read or written (at least one).
        case processed(Int)
        /// The call would block: wait for readiness and try again.
        case wouldBlock
        /// The peer closed its side: no more bytes will come.
        case endOfStream
    }

    /// A new TCP socket for `family` (`AF_INET`, `AF_INET6`), close-on-exec.
    package static func tcp(family: Int32, nonBlocking: Bool = true) throws(SocketError) -> Socket {
        let fd = Glibc.socket(family, Socket.streamType(nonBlocking: nonBlocking), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        return Socket(fd: fd)
    }

    /// A listening socket bound to `address` (port 0 picks a free port), non-blocking.
    package static func listening(on address: SocketAddress, backlog: Int32 = 4096) throws(SocketError) -> Socket {
        let socket = try tcp(family: address.family)
        do throws(SocketError) {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            try socket.bind(address)
            guard Glibc.listen(socket.fd, backlog) == 0 else { throw SocketError("listen") }
            return socket
        } catch {
            socket.close()
            throw error
        }
    }

    /// Binds to `address`.
    package func bind(_ address: SocketAddress) throws(SocketError) {
        let status = address.withSockAddr { Glibc.bind(fd, $0, $1) }
        guard status == 0 else { throw SocketError("bind(\(address))") }
    }

    /// Starts connecting to `address`: true when connected at once, false when in progress
    /// (wait for writability, then check ``pendingError()``).
    package func connect(to address: SocketAddress) throws(SocketError) -> Bool {
        while true {
            let status = address.withSockAddr { Glibc.connect(fd, $0, $1) }
            if status == 0 { return true }
            switch errno {
            case EINTR: continue
            case EINPROGRESS, EALREADY: return false
            default: throw SocketError("connect(\(address))")
            }
        }
    }

    /// Accepts one pending connection as a non-blocking socket, or nil when none is pending.
    package func accept() throws(SocketError) -> Socket? {
        while true {
            let client = Socket.acceptNonBlocking(fd)
            if client >= 0 { return Socket(fd: client) }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SocketError("accept")
            }
        }
    }

    /// Reads into `buffer`.
    package func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> IOResult {
        while true {
            let count = Glibc.recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .processed(count) }
            if count == 0 { return buffer.isEmpty ? .processed(0) : .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError("recv")
            }
        }
    }

    /// Writes from `buffer` (possibly only a prefix of it).
    package func send(_ buffer: UnsafeRawBufferPointer) throws(SocketError) -> IOResult {
        while true {
            let count = Glibc.send(fd, buffer.baseAddress, buffer.count, Socket.noSignal)
            if count >= 0 { return .processed(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError("send")
            }
        }
    }

    /// Whether bytes, or the peer's close, wait to be read; reads nothing.
    package func hasPendingInput() -> Bool {
        var byte: UInt8 = 0
        return Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0
    }

    /// Whether the peer has closed its side (or reset the connection) with nothing left
    /// unread before its close; reads nothing.
    package func peerHasClosed() -> Bool {
        var byte: UInt8 = 0
        let count = Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    /// Whether an idle kept-alive connection is still open and silent: the peer has neither
    /// closed it nor sent anything unasked. Reads nothing, never blocks.
    package var isOpenAndIdle: Bool {
        var byte: UInt8 = 0
        let count = Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    /// The error a non-blocking `connect` ended with (0 when it succeeded).
    package func pendingError() -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return errno }
        return value
    }

    /// The address this socket is bound to.
    package func localAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0, let address = SocketAddress(storage: storage) else { throw SocketError("getsockname") }
        return address
    }

    /// The address of the connected peer.
    package func peerAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard status == 0, let address = SocketAddress(storage: storage) else { throw SocketError("getpeername") }
        return address
    }

    /// Sets an integer socket option.
    package func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError("setsockopt")
        }
    }

    /// Turns off Nagle's algorithm: small responses leave at once instead of waiting for an ACK.
    package func setNoDelay() {
        try? setOption(Socket.tcpLevel, TCP_NODELAY, 1)
    }

    /// Makes `close()` reset the connection (RST) instead of closing it gracefully (FIN).
    package func setResetOnClose() {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    /// Switches blocking mode.
    package func setNonBlocking(_ nonBlocking: Bool) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { throw SocketError("fcntl") }
        let wanted = nonBlocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        guard fcntl(fd, F_SETFL, wanted) == 0 else { throw SocketError("fcntl") }
    }

    /// Closes our sending side (the peer reads end of stream) but keeps reading.
    package func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Ends the connection in both directions at once without releasing the descriptor;
    /// safe from any thread while another thread waits on the socket.
    package func shutdownBoth() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Releases the descriptor.
    package func close() {
        _ = Glibc.close(fd)
    }

    package var description: String { "Socket(fd: \(fd))" }
}
