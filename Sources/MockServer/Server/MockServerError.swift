/// Why a ``MockServer`` could not start.
public enum MockServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host` is not a numeric IPv4 or IPv6 address.
    case invalidHost(String)
    /// Binding or listening failed (port in use, permission denied, ...).
    case cannotListen(address: String, reason: String)
    /// A proxy's upstream URL cannot be used: not `http://HOST[:PORT]`, or a host that does not resolve.
    case invalidUpstream(String, reason: String)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            "cannot bind \"\(host)\": use a numeric address such as 127.0.0.1 or ::1"
        case .cannotListen(let address, let reason):
            "cannot listen on \(address): \(reason)"
        case .invalidUpstream(let url, let reason):
            "cannot forward to \"\(url)\": \(reason)"
        }
    }
}
