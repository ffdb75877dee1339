/// Why a ``TCPProxy`` could not start or take a change.
public enum ProxyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host` is not a numeric IPv4 or IPv6 address.
    case invalidHost(String)
    /// The upstream is not `HOST:PORT`, or its host cannot be resolved.
    case invalidUpstream(String, reason: String)
    /// Binding or listening failed (port in use, permission denied, ...).
    case cannotListen(address: String, reason: String)
    /// A toxic or fault the proxy cannot apply.
    case invalidToxic(ToxicError)
    /// A link value out of its range (``LinkProfile/validate()``).
    case invalidLink(LinkParameterError)
    /// The fault rule at `index` (from 0) has a value out of its range (``FaultRule/validate()``).
    case invalidFaultRule(index: Int, FaultSpecError)
    /// A field of ``TCPProxy/Configuration`` (named as in Swift) is out of its range, which
    /// `reason` states.
    case invalidConfiguration(field: String, value: String, reason: String)

    /// One line saying what was wrong and what to give instead.
    public var description: String {
        switch self {
        case .invalidHost(let host): "cannot bind \(host.debugDescription): use a numeric address such as 127.0.0.1 or ::1"
        case .invalidUpstream(let upstream, let reason): "upstream \(upstream.debugDescription): \(reason)"
        case .cannotListen(let address, let reason): "cannot listen on \(address): \(reason)"
        case .invalidToxic(let error): error.description
        case .invalidLink(let error): "link: \(error)"
        case .invalidFaultRule(let index, let error): "fault rule \(index): \(error)"
        case .invalidConfiguration(let field, let value, let reason): "\(field) = \(value): \(reason)"
        }
    }
}
