import Foundation
import MockServer

/// Puts ``TLSTransport`` under a server's upstream when it is an https:// URL: how `lab proxy`
/// and `lab serve --replay-miss proxy` reach https:// upstreams.
enum HTTPSUpstream {
    /// Sets `configuration`'s upstream transport to TLS when its URL is https://, trusting
    /// the PEM bundle at `authorities` only, or the system's store when it is nil. Throws when
    /// OpenSSL cannot be loaded or the bundle holds no certificate.
    static func attach(to configuration: inout MockServer.Configuration, trusting authorities: String?) throws(TLSError) {
        guard let url = configuration.upstream?.url, url.scheme?.lowercased() == "https", let host = url.host else { return }
        let context = try TLSContext.client(trusting: authorities)
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        configuration.upstream?.transport = TLSTransport.opener(host: bare, context: context)
    }

    /// Checks `--upstream-ca FILE` before anything starts: readable, and PEM certificates.
    static func checkAuthorities(_ path: String) throws(TLSError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .configuration("--upstream-ca: cannot read \(path)")
        }
        do {
            _ = try TLSContext.client(trusting: path)
        } catch .configuration(let reason) {
            throw .configuration("--upstream-ca: \(path) holds no PEM certificate (\(reason))")
        }
    }
}
