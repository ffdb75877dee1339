import Foundation
import NetworkCore

/// A throwaway certificate authority and a server certificate it signed for `localhost` and
/// 127.0.0.1, made with the `openssl` command in a temporary folder: the trust chain of an
/// HTTPS upstream in tests. Beside them, for the refusals: a certificate the same authority
/// signed for another name (``elsewhere``, same key), and the authority's own self-signed one
/// (``authority`` with ``authorityKey``).
///
/// One set serves every test of a process (``shared()``): a set costs two RSA keys and five
/// `openssl` runs, about half a CPU-second, and the tests only read it. The files are read-only
/// by contract: a test that needs a file of its own writes it in a folder of its own.
package struct TestCertificates: Sendable {
    /// The folder holding the PEM files.
    package let folder: String
    /// The authority's certificate: the bundle to trust.
    package var authority: String { folder + "/ca.pem" }
    /// The server's certificate and key.
    package var certificate: String { folder + "/server.pem" }
    package var key: String { folder + "/server.key" }
    /// A certificate for `elsewhere.invalid` only, signed by the authority, for ``key``.
    package var elsewhere: String { folder + "/elsewhere.pem" }
    /// The authority's key: with ``authority``, a self-signed server certificate.
    package var authorityKey: String { folder + "/ca.key" }

    /// The process's set, made on first use; its folder is deleted when the process exits.
    package static func shared() async throws -> TestCertificates {
        try await made.value
    }

    private static let made = Task { () async throws -> TestCertificates in
        let certificates = try await make()
        atexit { TestCertificates.removeShared() }
        return certificates
    }

    private static let sharedFolder = Lock<String?>(nil)

    private static func removeShared() {
        guard let folder = sharedFolder.withLock({ $0 }) else { return }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Makes a fresh authority and server certificate (off the cooperative pool).
    private static func make() async throws -> TestCertificates {
        let folder = try TemporaryFolder().path
        sharedFolder.withLock { $0 = folder }
        try await blocking {
            try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                              "-days", "2", "-subj", "/CN=NetworkLab Test CA"], in: folder)
            try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                              "-subj", "/CN=localhost"], in: folder)
            try "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                .write(toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                              "-out", "server.pem", "-days", "2", "-extfile", "server.ext"], in: folder)
            try Self.openssl(["req", "-new", "-key", "server.key", "-out", "elsewhere.csr", "-subj", "/CN=elsewhere.invalid"], in: folder)
            try "subjectAltName=DNS:elsewhere.invalid\nbasicConstraints=CA:FALSE\n"
                .write(toFile: folder + "/elsewhere.ext", atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                              "-out", "elsewhere.pem", "-days", "2", "-extfile", "elsewhere.ext"], in: folder)
        }
        return TestCertificates(folder: folder)
    }

    private static func openssl(_ arguments: [String], in folder: String) throws {
        let run = try ToolRun(["openssl"] + arguments, directory: folder)
        guard run.status == 0 else {
            throw TestSetupError("openssl \(arguments.first ?? "") failed (the HTTPS tests need the openssl command): \(run.stderr)")
        }
    }
}
