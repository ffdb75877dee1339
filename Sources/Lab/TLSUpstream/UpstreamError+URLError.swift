import Foundation
import MockServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension UpstreamError {
    /// What a failed URLSession transfer to `upstream` means for the proxy's client. On Linux,
    /// URLSession names refused (ECONNREFUSED) and reset (ECONNRESET) connections by code, and
    /// TLS failures only by libcurl's message ("SSL certificate problem: ...").
    init(_ error: any Error, upstream: String, headArrived: Bool) {
        let message = (error as NSError).localizedDescription
        guard let error = error as? URLError else {
            self = headArrived ? .brokenBody(upstream: upstream, reason: message) : .reset(upstream: upstream, reason: message)
            return
        }
        if headArrived {
            self = .brokenBody(upstream: upstream, reason: message)
            return
        }
        switch error.code {
        case .cannotConnectToHost:
            self = .refused(upstream: upstream)
        case .networkConnectionLost:
            self = .reset(upstream: upstream, reason: message)
        case .badServerResponse, .zeroByteResource:
            self = .reset(upstream: upstream, reason: "it closed the connection without a response (\(message))")
        case .cannotFindHost, .dnsLookupFailed:
            self = .unreachable(upstream: upstream, reason: "its name does not resolve (\(message))")
        case .timedOut:
            self = .unreachable(upstream: upstream, reason: message)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
             .clientCertificateRequired:
            self = .tls(upstream: upstream, reason: Self.tlsReason(message))
        default:
            if message.contains("SSL") || message.contains("TLS") || message.contains("certificate") {
                self = .tls(upstream: upstream, reason: Self.tlsReason(message))
            } else {
                self = .reset(upstream: upstream, reason: message)
            }
        }
    }

    /// libcurl's message, and for a certificate problem what to do about it.
    private static func tlsReason(_ message: String) -> String {
        guard message.contains("certificate") else { return message }
        return message + " (lab proxy trusts the system's CA store, /etc/ssl/certs/ca-certificates.crt: add a private CA to it with update-ca-certificates)"
    }
}
