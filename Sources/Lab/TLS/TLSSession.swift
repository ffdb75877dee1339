import CLabTLS

/// One TLS connection as a state machine with no I/O (OpenSSL over two memory buffers):
/// ciphertext from the peer goes in with ``feed(_:)``, ciphertext for the peer comes out of
/// ``takeOutput()``, and plaintext crosses ``read(upTo:)`` and ``write(_:)``. Whoever owns the
/// socket moves the bytes; tests join two sessions with no socket at all.
///
/// ```swift
/// let session = try TLSSession(context: .client(), host: "api.example.com")
/// while case .wantInput = session.handshake() {
///     send(session.takeOutput())
///     session.feed(receive())
/// }
/// ```
final class TLSSession {
    /// Where a handshake stands.
    enum Progress: Sendable, Equatable {
        case complete
        case wantInput
        case failed(String)
    }

    /// What a read gave.
    enum Input: Sendable, Equatable {
        case bytes([UInt8])
        case wantInput
        /// The peer ended the stream cleanly (close_notify).
        case closed
        case failed(String)
    }

    /// A TLS record's largest plaintext, 16 KiB (RFC 8446 §5.1), with room for its framing.
    static let largestRecord = 16 * 1024 + 256
    private let pointer: OpaquePointer
    /// Kept alive as long as the session, which OpenSSL would keep anyway; said here.
    private let context: TLSContext

    /// A client session that verifies the peer's certificate for `host` (a DNS name, sent
    /// as SNI, or an IP address), or a server session when `host` is nil.
    init(context: TLSContext, host: String?) throws(TLSError) {
        var reason = [CChar](repeating: 0, count: 256)
        guard let pointer = clab_tls_session_new(context.pointer, host, &reason, reason.count) else {
            throw .configuration(TLSError.text(reason))
        }
        self.pointer = pointer
        self.context = context
    }

    deinit { clab_tls_session_free(pointer) }

    /// Advances the handshake with what was fed so far; send ``takeOutput()`` after each call.
    func handshake() -> Progress {
        switch clab_tls_handshake(pointer) {
        case 1: .complete
        case Int32(CLAB_TLS_WANT_INPUT): .wantInput
        default: .failed(failure)
        }
    }

    /// Ciphertext received from the peer.
    func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { clab_tls_feed(pointer, $0.baseAddress, $0.count) }
    }

    /// Up to `count` bytes of plaintext: as many as the records fed so far hold.
    func read(upTo count: Int) -> Input {
        var filled = 0
        var outcome = Input.wantInput
        // Plaintext is never longer than its records: the array is sized for what was fed (and
        // one whole record), not for `count`, since a reader may keep many of them.
        let capacity = min(count, clab_tls_buffered_input(pointer) + Self.largestRecord)
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            while filled < capacity {
                let result = clab_tls_read(pointer, buffer.baseAddress! + filled, capacity - filled)
                if result > 0 {
                    filled += result
                    continue
                }
                switch result {
                case CLAB_TLS_CLOSED: outcome = .closed
                case CLAB_TLS_FAILED: outcome = .failed(failure)
                default: outcome = .wantInput
                }
                break
            }
            initialized = filled
        }
        return filled > 0 ? .bytes(bytes) : outcome
    }

    /// Encrypts `bytes` into the output.
    func write(_ bytes: ArraySlice<UInt8>) throws(TLSError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { clab_tls_write(pointer, $0.baseAddress! + written, $0.count - written) }
            guard result > 0 else { throw .failed(failure) }
            written += result
        }
    }

    /// Queues a close_notify alert for the peer.
    func shutdown() {
        clab_tls_shutdown(pointer)
    }

    /// The ciphertext waiting for the peer, emptied.
    func takeOutput() -> [UInt8] {
        let count = clab_tls_output_count(pointer)
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = clab_tls_take_output(pointer, buffer.baseAddress, count)
        }
    }

    /// Whether bytes received are still held inside, not yet read as plaintext.
    var hasBufferedInput: Bool {
        clab_tls_buffered_input(pointer) > 0
    }

    private var failure: String {
        var reason = [CChar](repeating: 0, count: 256)
        clab_tls_failure(pointer, &reason, reason.count)
        return TLSError.text(reason)
    }
}
