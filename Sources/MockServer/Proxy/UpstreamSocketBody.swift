import NetworkCore

/// A proxied response body that the server's loop reads from the upstream's socket and sends
/// on to the client's: the proxy's Content-Length bodies over plain TCP, when nothing records
/// them.
///
/// The bytes that came with the response head go first. Then each write reads what the
/// upstream's socket holds, as much as the client's send buffer has room for (at most 4 MiB),
/// into the server's relay buffer (``WriteScratch/relay``, one per server) and sends it from
/// there (``send(to:at:upTo:through:)``): one copy in, one out, in large pieces. What the
/// client's socket does not take is kept here for the next write, so a response holds little
/// beyond what the client's kernel holds, however many are in flight. A stage that must see
/// the bytes (corruption) takes them through ``read(into:at:)``. When the socket has nothing,
/// the source waits for it through the event loop (no task, no polling). Pacing, slicing and
/// cuts only limit how many bytes go, and a link set mid-body paces the body in flight as it
/// does any other. *Loop only*.
///
/// `lab bench proxy` measured this against the path it replaced, which moved the bytes with
/// `splice(2)` through a kernel pipe: 0.62 to 0.83 of straight against 0.44 to 0.54, the
/// process spending 0.66 to 0.73 s of CPU per GiB against 0.85 to 1.06 s. Spliced bytes reach
/// the client a page per piece, and its reads cost twice as much.
final class UpstreamSocketBody: BodySource {
    let length: Int64?
    /// Why the body broke off, if it did (the upstream closed, reset, or went silent).
    private(set) var failure: String?
    private let upstream: UpstreamBody
    private let socket: AsyncSocket
    private let loop: EventLoop
    private let timeout: Duration
    private let name: String
    /// Body bytes in memory from body offset `heldStart` on: those that came with the response
    /// head, then what a write left unsent or a stage took to see. Kept until the body is past
    /// them, since a write may take only part of them.
    private var held: [UInt8]
    private var heldStart: Int64 = 0
    /// Body bytes still in the upstream socket when the body was handed over.
    private let inSocket: Int64
    /// Body bytes read from the socket so far.
    private var taken: Int64 = 0
    private var released = false
    /// The connection's, while it waits for the socket or the pool.
    private var resume: (() -> Void)?
    private var pooling = Pooling.reading

    /// Where the upstream connection stands: its body still being read, then on its way back
    /// to the pool, then there.
    private enum Pooling { case reading, underWay, done }

    /// The most bytes one read for a write takes (the relay buffer's size): with reads of
    /// 1 MiB the process spent about a quarter more CPU per GiB (`lab bench proxy`).
    static let relayCapacity = 4 << 20
    /// The least one read takes: the client's room is an estimate, and a full send buffer
    /// still gets a piece ready for when it drains.
    static let minimumRead = 64 * 1024

    init(upstream: UpstreamBody, socket: AsyncSocket, name: String, early: [UInt8], inSocket: Int64, timeout: Duration, loop: EventLoop) {
        self.upstream = upstream
        self.socket = socket
        self.name = name
        held = early
        self.inSocket = inSocket
        self.timeout = timeout
        self.loop = loop
        length = Int64(early.count) + inSocket
    }

    var digestKey: String? { nil }

    private var heldEnd: Int64 { heldStart + Int64(held.count) }

    func readiness(at offset: Int64) -> BodyReadiness {
        // Once the socket's part is read, the body's last bytes wait (a task's hop) until the
        // upstream connection is back in the pool, so that the client's next request finds it
        // there.
        if pooling == .underWay { return .waiting }
        if offset < heldEnd { return .ready(Int(heldEnd - offset)) }
        if taken == inSocket || failure != nil { return .ended }
        // The write reads them, as many as the client's socket takes: here only ask how many
        // there are. None may mean the upstream's end: a read tells.
        let waiting = socket.readableBytes()
        if waiting > 0 { return .ready(Int(min(Int64(waiting), inSocket - taken))) }
        return hold(upTo: Self.minimumRead)
    }

    /// Sends body bytes from `offset` (at most `count`) to `client`: those held, or else what
    /// the upstream's socket has, read into `relay` as far as the client's send buffer has room
    /// and sent from there, what the client did not take kept. Returns `.processed(0)` when the
    /// upstream had nothing after all (the next readiness says why); throws when the client's
    /// connection failed.
    func send(to client: Socket, at offset: Int64, upTo count: Int, through relay: UnsafeMutableRawBufferPointer) throws(SocketError) -> Socket.IOResult {
        if offset < heldEnd {
            let start = Int(offset - heldStart)
            let sent = held.withUnsafeBytes { bytes in
                Result { () throws(SocketError) in try client.send(UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + count)])) }
            }
            return try sent.get()
        }
        let wanted = min(count, relay.count, max(Self.minimumRead, client.sendBufferRoom()))
        guard let got = receive(into: UnsafeMutableRawBufferPointer(rebasing: relay[..<wanted])) else { return .processed(0) }
        if pooling == .underWay {
            // The body's last bytes: they wait for the pool (see `readiness(at:)`).
            held = Array(relay[..<got])
            heldStart = offset
            return .processed(0)
        }
        let result = try client.send(UnsafeRawBufferPointer(rebasing: relay[..<got]))
        let sent = if case .processed(let count) = result { count } else { 0 }
        held = Array(relay[sent..<got])
        heldStart = offset + Int64(sent)
        return result
    }

    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        if offset >= heldEnd { _ = hold(upTo: destination.count) }
        guard offset >= heldStart, offset < heldEnd else { return 0 }
        let start = Int(offset - heldStart)
        let count = min(destination.count, held.count - start)
        held.withUnsafeBytes { destination.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: count) }
        return count
    }

    func whenReady(_ resume: @escaping () -> Void) {
        self.resume = resume
        guard pooling == .reading else { return }
        let bound = LoopBound(self)
        let loop = loop
        socket.whenReadable(deadline: Instant.now() + timeout) { result in
            loop.execute { bound.value.socketReady(result) }
        }
    }

    /// The upstream socket is readable, or its wait failed: the connection tries again.
    private func socketReady(_ result: Result<Void, AsyncIOError>) {
        if case .failure(let error) = result, failure == nil, !released {
            failure = broken(error == .timedOut ? "no body bytes within the upstream timeout" : "\(error)")
        }
        resumeConnection()
    }

    /// The whole body is out of the socket: the connection goes back to the pool (or is
    /// closed, when the request went up only in part), before the body's last bytes go out.
    private func poolUpstream() {
        pooling = .underWay
        let bound = LoopBound(self)
        let loop = loop
        let upstream = upstream
        Task(executorPreference: HandlerExecutor.shared) {
            await upstream.socketBodyRead()
            loop.execute {
                bound.value.pooling = .done
                bound.value.resumeConnection()
            }
        }
    }

    private func resumeConnection() {
        let resume = resume
        self.resume = nil
        resume?()
    }

    /// The response is over (sent, cut, or its client left): an upstream connection whose
    /// body was not read whole is closed (one read whole is in the pool already).
    func cancel() {
        guard !released else { return }
        released = true
        resume = nil
        if pooling == .reading { upstream.cancel() }
    }

    /// Once the held bytes are all past: reads up to `limit` bytes from the socket and holds
    /// them.
    private func hold(upTo limit: Int) -> BodyReadiness {
        var got: Int?
        let bytes = [UInt8](unsafeUninitializedCapacity: limit) { buffer, initialized in
            got = receive(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = got ?? 0
        }
        guard let got else { return failure == nil ? .waiting : .ended }
        heldStart = heldEnd
        held = bytes
        return pooling == .underWay ? .waiting : .ready(got)
    }

    /// One read of the body's next bytes (no more than it has left) into `buffer`: how many
    /// came, or nil when none did (the socket has nothing now, or the body broke off:
    /// ``failure`` says why).
    private func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let wanted = Int(min(Int64(buffer.count), inSocket - taken))
        guard wanted > 0, failure == nil else { return nil }
        do {
            switch try socket.receiveNow(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted])) {
            case .processed(let count):
                taken += Int64(count)
                if taken == inSocket { poolUpstream() }
                return count
            case .wouldBlock:
                return nil
            case .endOfStream:
                failure = broken("it closed the connection before the body was complete")
            }
        } catch .socket(let error) where error.isReset {
            failure = broken("connection reset (RST)")
        } catch {
            failure = broken("\(error)")
        }
        return nil
    }

    private func broken(_ reason: String) -> String {
        UpstreamError.brokenBody(upstream: name, reason: reason).description
    }
}
