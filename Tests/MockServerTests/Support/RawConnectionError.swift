import NetworkCore

/// Why a ``RawConnection`` did not read what the test expected.
enum RawConnectionError: Error, CustomStringConvertible {
    /// A socket call failed (connect refused, ...).
    case socket(SocketError)
    /// The server closed the connection after `received` bytes, in the middle of a response.
    case closedEarly(received: Int)
    /// The server reset the connection after `received` bytes, in the middle of a response.
    case reset(received: Int)
    /// Nothing more arrived within the read timeout.
    case timedOut(received: Int)
    /// The bytes are not an HTTP response.
    case malformed(String)

    var description: String {
        switch self {
        case .socket(let error): "\(error)"
        case .closedEarly(let received): "the server closed the connection after \(received) bytes, mid-response"
        case .reset(let received): "the server reset the connection after \(received) bytes, mid-response"
        case .timedOut(let received): "nothing more arrived within the read timeout (after \(received) bytes)"
        case .malformed(let reason): "not an HTTP response: \(reason)"
        }
    }
}
