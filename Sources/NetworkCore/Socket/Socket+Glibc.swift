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
