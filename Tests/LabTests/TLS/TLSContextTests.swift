import Foundation
@testable import Lab
import TestSupport
import Testing

@Suite struct TLSContextTests {
    @Test func aBundleWithNoCertificate_isRefused_namingOpenSSLsReason() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        #expect(throws: TLSError.configuration("no certificate or crl found")) {
            try TLSContext.client(trusting: certificates.key)
        }
        #expect(throws: TLSError.self) { try TLSContext.client(trusting: certificates.folder + "/absent.pem") }
        _ = try TLSContext.client(trusting: certificates.authority)
    }

    @Test func aServerKeyThatDoesNotMatchItsCertificate_isRefused() async throws {
        let certificates = try await TestCertificates.make()
        defer { certificates.remove() }
        #expect(throws: TLSError.self) { try TLSContext.server(certificate: certificates.authority, key: certificates.key) }
        _ = try TLSContext.server(certificate: certificates.certificate, key: certificates.key)
    }
}
