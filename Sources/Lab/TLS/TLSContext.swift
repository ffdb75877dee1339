import CLabTLS

/// What every TLS session to one upstream shares (an OpenSSL `SSL_CTX`): the protocol floor
/// (TLS 1.2), ALPN `http/1.1` and the certificates the peer is checked against.
final class TLSContext: @unchecked Sendable {
    // @unchecked: after it is configured here, OpenSSL only reads an SSL_CTX (and counts its
    // references atomically) when sessions are made from it, which it allows from any thread.
    let pointer: OpaquePointer

    private init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { clab_tls_context_free(pointer) }

    /// A client context checking peers against the PEM bundle at `authorities`, or the
    /// system's trust store when it is nil.
    static func client(trusting authorities: String? = nil) throws(TLSError) -> TLSContext {
        try make { reason, size in clab_tls_client_context(authorities, reason, size) }
    }

    /// A server context presenting `certificate` (a PEM chain) with its `key` (tests).
    static func server(certificate: String, key: String) throws(TLSError) -> TLSContext {
        try make { reason, size in clab_tls_server_context(certificate, key, reason, size) }
    }

    /// Whether OpenSSL could be used from the libraries named (the ones in use stay as they
    /// are); throws ``TLSError/unavailable(_:)`` naming the missing library or function.
    static func probe(libssl: String, libcrypto: String) throws(TLSError) {
        var reason = [CChar](repeating: 0, count: 256)
        guard clab_tls_probe(libssl, libcrypto, &reason, reason.count) == 0 else { throw .unavailable(TLSError.text(reason)) }
    }

    private static func make(_ create: (UnsafeMutablePointer<CChar>, Int) -> OpaquePointer?) throws(TLSError) -> TLSContext {
        var reason = [CChar](repeating: 0, count: 256)
        guard clab_tls_load(&reason, reason.count) == 0 else { throw .unavailable(TLSError.text(reason)) }
        guard let pointer = reason.withUnsafeMutableBufferPointer({ create($0.baseAddress!, $0.count) }) else {
            throw .configuration(TLSError.text(reason))
        }
        return TLSContext(pointer)
    }
}
