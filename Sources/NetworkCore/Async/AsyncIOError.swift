/// Why an ``AsyncSocket`` operation did not complete.
package enum AsyncIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The deadline passed before the socket became ready.
    case timedOut
    /// The waiting task was cancelled; the socket has been shut down.
    case cancelled
    /// The socket was closed while the operation waited.
    case closed
    /// A system call failed.
    case socket(SocketError)

    package var description: String {
        switch self {
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .closed: "socket closed"
        case .socket(let error): error.description
        }
    }
}
