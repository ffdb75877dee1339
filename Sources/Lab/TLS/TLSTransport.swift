import MockServer
import NetworkCore

/// The TLS leg of `lab proxy --upstream https://...`: a ``TLSSession`` on a connected socket,
/// as the ``UpstreamTransport`` under MockServer's HTTP forwarder, so an https:// upstream
/// gets the same strict parsing, keep-alive pool and backpressure as an http:// one. It reads
/// ciphertext only when asked for plaintext: a slow client still slows the upstream.
final class TLSTransport: UpstreamTransport {
    private let socket: AsyncSocket
    private let session: Lock<TLSSession>
    /// Ciphertext read from the socket at once: a few records, as the kernel has them.
    static let readSize = 64 * 1024
    /// Plaintext encrypted before its records are written out: a request body costs at most
    /// this much again in memory.
    static let writeSize = 64 * 1024

    private init(socket: AsyncSocket, session: sending TLSSession) {
        self.socket = socket
        self.session = Lock(session)
    }

    /// Runs the handshake on `socket` as a client of `host`, verifying the upstream's
    /// certificate against `context`, within `deadline`.
    static func open(on socket: AsyncSocket, host: String, context: TLSContext, deadline: Instant) async throws(UpstreamTransportError) -> TLSTransport {
        let session: TLSSession
        do { session = try TLSSession(context: context, host: host) } catch { throw .tls(error.description) }
        let transport = TLSTransport(socket: socket, session: session)
        try await transport.handshake(deadline: deadline)
        return transport
    }

    /// The opener `MockServer.Upstream.transport` takes.
    static func opener(host: String, context: TLSContext) -> UpstreamTransport.Opener {
        { socket, deadline throws(UpstreamTransportError) in try await open(on: socket, host: host, context: context, deadline: deadline) }
    }

    private func handshake(deadline: Instant) async throws(UpstreamTransportError) {
        while true {
            let (progress, output) = session.withLock { ($0.handshake(), $0.takeOutput()) }
            if case .failed(let reason) = progress {
                // The alert tells the upstream why; it may be gone already.
                try? await send(output, deadline: deadline)
                throw .tls(reason)
            }
            try await send(output, deadline: deadline)
            if progress == .complete { return }
            let bytes = try await receive(deadline: deadline)
            guard !bytes.isEmpty else { throw .tls("the upstream closed the connection during the TLS handshake (is it speaking TLS?)") }
            session.withLock { $0.feed(bytes) }
        }
    }

    func read(upTo count: Int, deadline: Instant?) async throws(UpstreamTransportError) -> [UInt8] {
        while true {
            // What reading may queue for the peer (the answer to a TLS 1.3 key update) waits
            // for the next write: only ``write(_:deadline:)`` writes to the socket after the
            // handshake, so records never interleave when a body goes up while a head comes down.
            let input = session.withLock { $0.read(upTo: count) }
            switch input {
            case .bytes(let bytes): return bytes
            case .closed: return []
            case .failed(let reason): throw .tls(reason)
            case .wantInput:
                let bytes = try await receive(deadline: deadline)
                // An end without close_notify is how many servers close; the HTTP framing
                // above tells a complete body from a cut one.
                guard !bytes.isEmpty else { return [] }
                session.withLock { $0.feed(bytes) }
            }
        }
    }

    func write(_ bytes: [UInt8], deadline: Instant?) async throws(UpstreamTransportError) {
        var offset = 0
        repeat {
            let end = min(offset + Self.writeSize, bytes.count)
            let written = session.withLock { session in
                Result { () throws(TLSError) in
                    try session.write(bytes[offset..<end])
                    return session.takeOutput()
                }
            }
            switch written {
            case .success(let output): try await send(output, deadline: deadline)
            case .failure(let error): throw .tls(error.description)
            }
            offset = end
        } while offset < bytes.count
    }

    func close() {
        socket.close()
    }

    var isStale: Bool {
        !socket.isOpenAndIdle || session.withLock { $0.hasBufferedInput }
    }

    private func send(_ bytes: [UInt8], deadline: Instant?) async throws(UpstreamTransportError) {
        guard !bytes.isEmpty else { return }
        do { try await socket.write(bytes, deadline: deadline) } catch { throw .io(error) }
    }

    private func receive(deadline: Instant?) async throws(UpstreamTransportError) -> [UInt8] {
        do { return try await socket.read(upTo: Self.readSize, deadline: deadline) } catch { throw .io(error) }
    }
}
