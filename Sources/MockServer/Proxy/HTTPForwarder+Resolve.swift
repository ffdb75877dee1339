import Dispatch
import Foundation
import NetworkCore

extension HTTPForwarder {
    /// A forwarder for `upstream`, its host resolved once, now (off the cooperative pool:
    /// name lookups block).
    static func resolve(_ upstream: MockServer.Upstream) async throws(MockServerError) -> HTTPForwarder {
        let url = upstream.url
        let secure = url.scheme?.lowercased() == "https" && upstream.transport != nil
        guard url.scheme?.lowercased() == "http" || secure else {
            throw .invalidUpstream(url.absoluteString, reason: "the MockServer library forwards to http:// upstreams only (lab proxy carries https:// ones)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw .invalidUpstream(url.absoluteString, reason: "it names no host; use http://HOST:PORT")
        }
        guard url.query == nil, url.user == nil else {
            throw .invalidUpstream(url.absoluteString, reason: "give only a scheme, a host, a port and an optional base path")
        }
        // A timeout of zero failed every request as unreachable.
        try MockServer.validate(timeout: upstream.timeout, field: "upstream.timeout")
        guard upstream.maxIdleConnections >= 0 else {
            throw .invalidConfiguration(
                field: "upstream.maxIdleConnections", value: "\(upstream.maxIdleConnections)", reason: "must be 0 (no reuse) or more")
        }
        if let cap = upstream.maxRequestBody, cap < 0 {
            throw .invalidConfiguration(field: "upstream.maxRequestBody", value: "\(cap)", reason: "must be 0 (no bodies) or more, or nil for any size")
        }
        let port = url.port ?? (secure ? 443 : 80)
        guard (1...65535).contains(port) else {
            throw .invalidUpstream(url.absoluteString, reason: "port \(port) is out of range; use 1 to 65535")
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let lookup = bare.lowercased() == "localhost" ? "127.0.0.1" : bare
        // The addresses cross back through a lock, which ThreadSanitizer sees; a continuation
        // resumed from a dispatch thread orders them too, but TSan cannot tell.
        let handoff = Lock<Result<[SocketAddress], SocketError>>(.success([]))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                let resolved = Result { () throws(SocketError) in try SocketAddress.resolve(host: lookup, port: port) }
                handoff.withLock { $0 = resolved }
                continuation.resume()
            }
        }
        let result = handoff.withLock { $0 }
        let addresses: [SocketAddress]
        switch result {
        case .success(let resolved): addresses = resolved
        case .failure(let error): throw .invalidUpstream(url.absoluteString, reason: "\(host) does not resolve: \(error)")
        }
        guard let address = addresses.first else {
            throw .invalidUpstream(url.absoluteString, reason: "\(host) has no address")
        }
        let authorityHost = bare.contains(":") ? "[\(bare)]" : bare
        return HTTPForwarder(upstream, address: address, authority: url.port.map { "\(authorityHost):\($0)" } ?? authorityHost)
    }
}
