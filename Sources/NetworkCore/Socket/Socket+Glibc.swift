#if canImport(Glibc)
import CNetworkLab
import Glibc

// Linux spellings of the calls and flags that differ from BSD; a Socket+Darwin.swift would
// provide the same names for kqueue platforms.
extension Socket {
    static func streamType(nonBlocking: Bool) -> Int32 {
        let base = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return nonBlocking ? base | Int32(SOCK_NONBLOCK.rawValue) : base
    }

    static let noSignal = Int32(MSG_NOSIGNAL)

    static let tcpLevel = Int32(IPPROTO_TCP)

    static func acceptNonBlocking(_ fd: Int32) -> Int32 {
        cnetworklab_accept_nonblocking(fd)
    }
}

enum SocketType {
    static let stream = Int32(SOCK_STREAM.rawValue)
}
#endif

#if canImport(Glibc)
extension Socket {
    /// The bytes the kernel still holds for the peer, sent or not but unacknowledged (0 when
    /// the call fails): a reset before they are acknowledged would discard them.
    package func unsentBytes() -> Int {
        max(0, Int(cnetworklab_unsent_bytes(fd)))
    }

    /// The bytes that arrived and wait to be read (0 when there are none, at the end of the
    /// stream, or when the call fails): how much a receive would return now.
    package func readableBytes() -> Int {
        max(0, Int(cnetworklab_readable_bytes(fd)))
    }

    /// About how many more bytes a send would take now: the send buffer's size (`SO_SNDBUF`,
    /// as the kernel sized it) less what it holds (0 when either call fails). An estimate: the
    /// kernel counts its own overhead against the buffer too.
    package func sendBufferRoom() -> Int {
        var size: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &length) == 0 else { return 0 }
        let held = cnetworklab_unsent_bytes(fd)
        return held < 0 ? 0 : max(0, Int(size) - Int(held))
    }
}
#endif
