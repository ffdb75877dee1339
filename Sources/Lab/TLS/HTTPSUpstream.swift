import Foundation
import MockServer

/// Puts ``TLSTransport`` under a server's upstream when it is an https:// URL: how `lab proxy`
/// and `lab serve --replay-miss proxy` reach https:// upstreams.
enum HTTPSUpstream {
    /// Sets `configuration`'s upstream transport to TLS when its URL is https://, trusting
    /// the PEM bundle at `authorities` (`--upstream-ca FILE`) only, or the system's store when
    /// it is nil. Throws a one-line reason when OpenSSL cannot be loaded, or the bundle cannot
    /// be read or holds no certificate.
    static func attach(to configuration: inout MockServer.Configuration, trusting authorities: String?) throws(TLSError) {
        guard let url = configuration.upstream?.url, url.scheme?.lowercased() == "https", let host = url.host else { return }
        if let authorities, !FileManager.default.isReadableFile(atPath: authorities) {
            throw .configuration("--upstream-ca: cannot read \(authorities)")
        }
        let context: TLSContext
        do {
            context = try TLSContext.client(trusting: authorities)
        } catch .configuration(let reason) {
            throw .configuration("--upstream-ca: \(authorities ?? "the system's store") holds no PEM certificate (\(reason))")
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        configuration.upstream?.transport = TLSTransport.opener(host: bare, context: context)
    }
}
