#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed socket system call: which call, and the `errno` it left.
///
/// The message reads like `connect: Connection refused (errno 111)` so a user can act on it.
package struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call that failed (`connect`, `bind`, `epoll_ctl`, ...).
    package var call: String
    /// The `errno` value the call left.
    package var code: Int32
    /// What failed, where `errno` does not say it: `getaddrinfo` reports its own codes
    /// ("Name or service not known").
    package var detail: String?

    package init(_ call: String, code: Int32 = errno, detail: String? = nil) {
        self.call = call
        self.code = code
        self.detail = detail
    }

    package var description: String {
        if let detail { return "\(call): \(detail)" }
        return "\(call): \(String(cString: strerror(code))) (errno \(code))"
    }

    /// The peer refused the connection: nothing listens on that port.
    package var isRefused: Bool { code == ECONNREFUSED }
    /// The peer reset the connection (RST) or it broke.
    package var isReset: Bool { code == ECONNRESET || code == EPIPE || code == ECONNABORTED }
    /// The process or system ran out of file descriptors.
    package var isOutOfDescriptors: Bool { code == EMFILE || code == ENFILE }
}
