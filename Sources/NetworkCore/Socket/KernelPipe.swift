#if canImport(CNetworkLab)
import CNetworkLab
import Glibc

/// A kernel pipe between two sockets: `splice(2)` moves bytes from one socket into it and out
/// to the other without copying them through user space, so a relay that does not need to see
/// its bytes costs the kernel's work alone.
///
/// The owner tracks how many bytes the pipe holds (what went in minus what came out): the
/// kernel answers `EAGAIN` both for "nothing to read" and for "the pipe is full", and only the
/// count tells them apart.
///
/// ```swift
/// let pipe = try KernelPipe.open()
/// defer { pipe.close() }
/// if case .processed(let count) = try pipe.fill(from: source, upTo: pipe.capacity) {
///     _ = try pipe.drain(into: destination, upTo: count)
/// }
/// ```
package struct KernelPipe: Sendable, Hashable {
    /// The end bytes leave by.
    package let readEnd: Int32
    /// The end bytes enter by.
    package let writeEnd: Int32
    /// The bytes the pipe holds at most (as the kernel granted it).
    package let capacity: Int

    /// What a pipe asks the kernel for unless told otherwise: 1 MiB, the most an unprivileged
    /// process may set by default (`fs.pipe-max-size`). A relay splicing in and out through it
    /// moves more per system call and wakeup than through 256 KiB: the TCP proxy's CPU per GiB
    /// fell by about a fifth in `lab bench proxy`. Pages are taken only as bytes arrive.
    package static let defaultCapacity = 1 << 20

    /// A new non-blocking pipe, asking for `capacity` bytes (the kernel may grant less: past
    /// the user's pipe allowance, `fs.pipe-user-pages-soft`, a new pipe gets a few pages).
    package static func open(capacity: Int = defaultCapacity) throws(SocketError) -> KernelPipe {
        var ends: [Int32] = [-1, -1]
        let granted = cnetworklab_splice_pipe(&ends, Int32(clamping: capacity))
        guard granted > 0 else { throw SocketError("pipe2") }
        return KernelPipe(readEnd: ends[0], writeEnd: ends[1], capacity: Int(granted))
    }

    /// Moves up to `count` bytes from `socket` into the pipe: `.processed(n)`, `.endOfStream`
    /// when the peer closed its side, `.wouldBlock` when the socket has nothing now or the pipe
    /// is full. Throws when the connection failed (a reset: `ECONNRESET`).
    package func fill(from socket: Socket, upTo count: Int) throws(SocketError) -> Socket.IOResult {
        guard count > 0 else { return .processed(0) }
        while true {
            let moved = cnetworklab_splice(socket.fd, writeEnd, UInt(count))
            if moved > 0 { return .processed(moved) }
            if moved == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError("splice(socket to pipe)")
            }
        }
    }

    /// Moves up to `count` of the pipe's bytes into `socket`, possibly fewer (a short splice:
    /// the socket's send buffer filled): `.processed(n)`, or `.wouldBlock` when the socket
    /// takes nothing now. Throws when the connection failed (`EPIPE`, `ECONNRESET`).
    package func drain(into socket: Socket, upTo count: Int) throws(SocketError) -> Socket.IOResult {
        guard count > 0 else { return .processed(0) }
        while true {
            let moved = cnetworklab_splice(readEnd, socket.fd, UInt(count))
            if moved > 0 { return .processed(moved) }
            if moved == 0 { return .wouldBlock }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw SocketError("splice(pipe to socket)")
            }
        }
    }

    /// Reads up to `buffer.count` of the pipe's bytes into `buffer`: for an owner that must see
    /// them after all (to corrupt or pace them); 0 when the pipe holds nothing now.
    package func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = Glibc.read(readEnd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { return 0 }
        }
    }

    /// Releases both ends; bytes still inside are lost.
    package func close() {
        _ = Glibc.close(readEnd)
        _ = Glibc.close(writeEnd)
    }
}
#endif
