import Foundation

/// Where a URL's request goes: the host and port to connect to, the `Host` header, and the
/// origin-form target of the request line.
struct RequestTarget: Sendable, Hashable {
    /// The host to resolve or the numeric address, without IPv6 brackets.
    var host: String
    /// The TCP port.
    var port: Int
    /// `/path?query`, still percent-encoded.
    var target: String
    /// The `Host` header: the host as written, with `:port` unless it is 80.
    var hostHeader: String
    /// `Basic` credentials from the URL's `user:password@`, base64-encoded, as curl and
    /// Python's requests send them; nil when the URL names no user.
    var basicCredentials: String?

    /// `host:port` (IPv6 in brackets): connections to the same one can be shared.
    var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The target of `url`: `http` only, with a host and a port in 1...65535.
    init(_ url: URL) throws(DownloadError) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true), let scheme = components.scheme else {
            throw .invalidURL(url.absoluteString)
        }
        guard scheme.lowercased() == "http" else { throw .unsupportedScheme(scheme) }
        guard let written = components.percentEncodedHost, !written.isEmpty else { throw .invalidURL(url.absoluteString) }
        let port = components.port ?? 80
        guard (1...65535).contains(port) else { throw .invalidURL(url.absoluteString) }
        let bracketed = written.hasPrefix("[") && written.hasSuffix("]")
        host = bracketed ? String(written.dropFirst().dropLast()) : written
        self.port = port
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        target = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        hostHeader = port == 80 ? written : "\(written):\(port)"
        basicCredentials = components.user.map { user in
            Data("\(user):\(components.password ?? "")".utf8).base64EncodedString()
        }
    }
}
