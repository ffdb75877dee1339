import NetworkCore

/// Why an ``UpstreamTransport`` could not read or write.
package enum UpstreamTransportError: Error, Sendable, CustomStringConvertible {
    /// The socket failed, timed out or was closed.
    case io(AsyncIOError)
    /// The TLS layer failed: a handshake the peer or the certificate check refused, or a
    /// record that does not decrypt. The reason is one line ("certificate verify failed: ...").
    case tls(String)

    package var description: String {
        switch self {
        case .io(let error): error.description
        case .tls(let reason): reason
        }
    }
}
