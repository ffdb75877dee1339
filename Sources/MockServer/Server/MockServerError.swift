/// Why a ``MockServer`` could not start, or refused a link or faults at run time.
///
/// Every case says which value was wrong and what would be accepted, so ``description`` can be
/// shown as it is:
///
/// ```swift
/// do {
///     try server.setFaults([.slice(bytes: 0, delay: .milliseconds(1))])
/// } catch {
///     print(error)   // fault rule 0: "slice:0,1ms" is not a valid fault (SIZE must be 1 or more); ...
/// }
/// ```
public enum MockServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host` is not a numeric IPv4 or IPv6 address.
    case invalidHost(String)
    /// Binding or listening failed (port in use, permission denied, ...).
    case cannotListen(address: String, reason: String)
    /// The rule at `index` (from 0) of a fault plan breaks a bound (``FaultRule/validate()``).
    case invalidFaultRule(index: Int, FaultSpecError)
    /// The link breaks a bound (``LinkProfile/validate()``).
    case invalidLink(LinkParameterError)
    /// A field of ``MockServer/Configuration`` or ``MockServer/Limits`` (named as in Swift,
    /// `limits.maxConnections`) is out of its range, which `reason` states.
    case invalidConfiguration(field: String, value: String, reason: String)
    /// A proxy's upstream URL cannot be used: not `http://HOST[:PORT]`, or a host that does not resolve.
    case invalidUpstream(String, reason: String)

    /// One line saying what was wrong and what to write instead.
    public var description: String {
        switch self {
        case .invalidHost(let host):
            "cannot bind \(host.debugDescription): use a numeric address such as 127.0.0.1 or ::1"
        case .cannotListen(let address, let reason):
            "cannot listen on \(address): \(reason)"
        case .invalidFaultRule(let index, let error):
            "fault rule \(index): \(error)"
        case .invalidLink(let error):
            "link: \(error)"
        case .invalidConfiguration(let field, let value, let reason):
            "\(field) = \(value): \(reason)"
        case .invalidUpstream(let url, let reason):
            "cannot forward to \"\(url)\": \(reason)"
        }
    }
}
