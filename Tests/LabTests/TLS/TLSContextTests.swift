import Foundation
@testable import Lab
import TestSupport
import Testing

@Suite struct TLSContextTests {
    @Test func aBundleWithNoCertificate_isRefused_namingOpenSSLsReason() async throws {
        let certificates = try await TestCertificates.shared()
        #expect(throws: TLSError.configuration("no certificate or crl found")) {
            try TLSContext.client(trusting: certificates.key)
        }
        #expect(throws: TLSError.self) { try TLSContext.client(trusting: certificates.folder + "/absent.pem") }
        _ = try TLSContext.client(trusting: certificates.authority)
    }

    @Test func aServerKeyThatDoesNotMatchItsCertificate_isRefused() async throws {
        let certificates = try await TestCertificates.shared()
        #expect(throws: TLSError.self) { try TLSContext.server(certificate: certificates.authority, key: certificates.key) }
        _ = try TLSContext.server(certificate: certificates.certificate, key: certificates.key)
    }

    @Test func aMissingLibrary_isNamed_inOneLine() throws {
        try TLSContext.probe(libssl: "libssl.so.3", libcrypto: "libcrypto.so.3")
        #expect {
            try TLSContext.probe(libssl: "libssl-absent.so.3", libcrypto: "libcrypto.so.3")
        } throws: { error in
            guard case TLSError.unavailable(let reason) = error else { return false }
            return reason.hasPrefix("cannot load libssl-absent.so.3 (OpenSSL 3; on Debian: apt-get install libssl3)") && !reason.contains("\n")
        }
        #expect(throws: TLSError.unavailable("libc.so.6 has no TLS_client_method (OpenSSL 3 is needed)")) {
            try TLSContext.probe(libssl: "libc.so.6", libcrypto: "libcrypto.so.3")
        }
    }
}
