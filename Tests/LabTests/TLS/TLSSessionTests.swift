@testable import Lab
import TestSupport
import Testing

/// Two sessions, a client and a server, joined in memory: no socket, no sleeping. The server
/// presents the test authority's certificates (made by the `openssl` command, which this
/// package did not write).
@Suite struct TLSSessionTests {
    /// Moves each side's output to the other until the client's handshake ends (or 20 rounds).
    static func handshake(_ client: TLSSession, _ server: TLSSession) -> TLSSession.Progress {
        var progress = TLSSession.Progress.wantInput
        for _ in 0..<20 {
            progress = client.handshake()
            server.feed(client.takeOutput())
            _ = server.handshake()
            client.feed(server.takeOutput())
            if progress != .wantInput { break }
        }
        return progress
    }

    static func pair(
        _ certificates: TestCertificates, host: String = "localhost", certificate: String? = nil, trusting: String?? = .none
    ) throws -> (client: TLSSession, server: TLSSession) {
        let server = try TLSContext.server(certificate: certificate ?? certificates.certificate, key: certificates.key)
        let client = try TLSContext.client(trusting: trusting ?? certificates.authority)
        return (try TLSSession(context: client, host: host), try TLSSession(context: server, host: nil))
    }

    @Test func aClient_andAServer_handshakeInMemory_thenCarryBytesBothWays() async throws {
        let certificates = try await TestCertificates.shared()
        let (client, server) = try Self.pair(certificates)
        #expect(Self.handshake(client, server) == .complete)
        #expect(server.handshake() == .complete)

        let request = Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        try client.write(request[...])
        let ciphertext = client.takeOutput()
        #expect(ciphertext.count > request.count, "a record carries a header and a tag")
        #expect(!ciphertext.starts(with: request.prefix(8)), "the bytes on the wire are not the plaintext")
        server.feed(ciphertext)
        #expect(server.read(upTo: 1 << 16) == .bytes(request))
        #expect(server.read(upTo: 1 << 16) == .wantInput)

        // 1 MB the other way: many records, read back in pieces no larger than asked for.
        let body = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try server.write(body[...])
        client.feed(server.takeOutput())
        var received: [UInt8] = []
        while case .bytes(let piece) = client.read(upTo: 100_000) {
            #expect(piece.count <= 100_000)
            received += piece
        }
        #expect(received == body)
        #expect(!client.hasBufferedInput)

        server.shutdown()
        client.feed(server.takeOutput())
        #expect(client.read(upTo: 100) == .closed)
    }

    @Test func aNumericHost_isCheckedAgainstTheCertificatesAddresses() async throws {
        let certificates = try await TestCertificates.shared()
        let (client, server) = try Self.pair(certificates, host: "127.0.0.1")
        #expect(Self.handshake(client, server) == .complete)
        let (other, otherServer) = try Self.pair(certificates, host: "127.0.0.2")
        #expect(Self.handshake(other, otherServer) == .failed("certificate verify failed: IP address mismatch"))
    }

    @Test func aCertificateForAnotherName_isRefused() async throws {
        let certificates = try await TestCertificates.shared()
        let (client, server) = try Self.pair(certificates, certificate: certificates.elsewhere)
        #expect(Self.handshake(client, server) == .failed("certificate verify failed: hostname mismatch"))
        // The client told the server why, in an alert: the server's handshake fails too.
        #expect(server.handshake() != .complete)
    }

    @Test func aCertificateFromAnUntrustedAuthority_isRefused() async throws {
        let certificates = try await TestCertificates.shared()
        // The system's store does not know the test authority.
        let (client, server) = try Self.pair(certificates, trusting: .some(nil))
        #expect(Self.handshake(client, server) == .failed("certificate verify failed: unable to get local issuer certificate"))

        let selfSigned = try TLSSession(context: try TLSContext.server(certificate: certificates.authority, key: certificates.authorityKey), host: nil)
        let untrusting = try TLSSession(context: try TLSContext.client(), host: "localhost")
        #expect(Self.handshake(untrusting, selfSigned) == .failed("certificate verify failed: self-signed certificate"))
    }

    @Test func garbage_fromThePeer_failsTheHandshake_namingWhy() throws {
        let client = try TLSSession(context: try TLSContext.client(), host: "localhost")
        #expect(client.handshake() == .wantInput)
        #expect(!client.takeOutput().isEmpty, "a ClientHello")
        client.feed(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
        guard case .failed(let reason) = client.handshake() else {
            Issue.record("a plain-HTTP answer must fail the handshake")
            return
        }
        #expect(reason == "wrong version number" || reason.contains("packet length"), "\(reason)")
    }
}
