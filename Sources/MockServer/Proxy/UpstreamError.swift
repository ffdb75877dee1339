import NetworkCore

/// Why a proxy could not get a response from its upstream. The proxy answers the client with
/// ``status`` (502, or 504 for a timeout) and ``description`` as the body, and keeps serving.
public enum UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens at the upstream's address (ECONNREFUSED).
    case refused(upstream: String)
    /// The upstream's address cannot be reached, or connecting did not finish in time.
    case unreachable(upstream: String, reason: String)
    /// The upstream reset or closed the connection before a complete response head.
    case reset(upstream: String, reason: String)
    /// The TLS handshake with an https:// upstream failed: most often a certificate the proxy
    /// does not trust (`lab proxy` trusts the system store), or a name it was not issued for.
    case tls(upstream: String, reason: String)
    /// No response head came within the upstream timeout.
    case timedOut(upstream: String, after: Duration)
    /// The upstream's response cannot be forwarded safely: a malformed head, or framing that
    /// two readers could see differently (both `Content-Length` and `Transfer-Encoding`,
    /// differing lengths), which a proxy must never pass on.
    case invalidResponse(upstream: String, reason: String)
    /// The upstream's body ended or broke before its framing said it was complete.
    case brokenBody(upstream: String, reason: String)

    /// The status the proxy answers with: 504 for a timeout, 502 otherwise.
    public var status: Int {
        if case .timedOut = self { return 504 }
        return 502
    }

    /// One line naming the upstream and what went wrong, as the 502 or 504 body says it.
    public var description: String {
        switch self {
        case .refused(let upstream):
            "the upstream \(upstream) refused the connection: nothing listens there"
        case .unreachable(let upstream, let reason):
            "the upstream \(upstream) is unreachable: \(reason)"
        case .reset(let upstream, let reason):
            "the upstream \(upstream) reset the connection before a response head: \(reason)"
        case .tls(let upstream, let reason):
            "the TLS handshake with the upstream \(upstream) failed: \(reason)"
        case .timedOut(let upstream, let after):
            "the upstream \(upstream) sent no response head within \(after) (--upstream-timeout)"
        case .invalidResponse(let upstream, let reason):
            "the upstream \(upstream) sent a response that cannot be forwarded safely: \(reason)"
        case .brokenBody(let upstream, let reason):
            "the upstream \(upstream) broke off its response body: \(reason)"
        }
    }

    /// A failure of a reused keep-alive connection before any response byte, which the
    /// upstream may have closed while idle: worth one retry on a fresh connection.
    var isStaleConnection: Bool {
        if case .reset = self { return true }
        return false
    }
}
