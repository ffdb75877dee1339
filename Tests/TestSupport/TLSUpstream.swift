import Foundation

/// An HTTPS upstream for the proxy's tests: a ``PythonUpstream`` over TLS presenting one of the
/// shared ``TestCertificates``. ``stop()`` stops the upstream.
///
/// ```swift
/// let upstream = try await TLSUpstream.start()
/// defer { upstream.stop() }
/// let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority])
/// ```
package struct TLSUpstream: Sendable {
    /// Which certificate the upstream presents.
    package enum Presenting: Sendable {
        /// Signed by the test authority for `localhost` and 127.0.0.1.
        case signed
        /// Signed by the test authority for `elsewhere.invalid` only.
        case otherName
        /// The authority's own certificate: self-signed, and for no host name.
        case selfSigned
    }

    package let certificates: TestCertificates
    package let server: PythonUpstream

    /// Starts the upstream on a free port, presenting `presenting`.
    package static func start(presenting: Presenting = .signed) async throws -> TLSUpstream {
        let certificates = try await TestCertificates.shared()
        let files = switch presenting {
        case .signed: (certificates.certificate, certificates.key)
        case .otherName: (certificates.elsewhere, certificates.key)
        case .selfSigned: (certificates.authority, certificates.authorityKey)
        }
        return TLSUpstream(certificates: certificates, server: try await PythonUpstream.start(tls: files))
    }

    /// The test authority's certificate: what `--upstream-ca` names.
    package var authority: String { certificates.authority }
    /// `https://localhost:PORT`.
    package var url: URL { server.url }
    package var port: Int { server.port }

    /// `path` (with its query) on the upstream, over https.
    package func url(_ path: String) -> URL {
        URL(string: url.absoluteString + path)!
    }

    /// Stops the upstream.
    package func stop() {
        server.stop()
    }
}
