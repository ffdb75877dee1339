import NetworkCore

/// A proxied response body that the server's loop reads from the upstream's socket and sends
/// on to the client's from one buffer: the proxy's Content-Length bodies over plain TCP, when
/// nothing records them.
///
/// The bytes that came with the response head go first. Then each write reads what the
/// upstream's socket holds, as much as the client's send buffer has room for (at most 4 MiB),
/// and sends it from the buffer (``send(to:at:upTo:)``): one copy in, one out, in large
/// pieces. What the client's socket does not take stays for the next write, so the proxy
/// holds little beyond what the client's kernel holds. A stage that must see the bytes
/// (corruption) takes them through ``read(into:at:)``. When the socket has nothing, the
/// source waits for it through the event loop (no task, no polling). Pacing, slicing and cuts
/// only limit how many bytes go, and a link set mid-body paces the body in flight as it does
/// any other. *Loop only*.
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
    /// Body bytes in memory, `heldCount` of them from body offset `heldStart` on: first those
    /// read with the response head, then each read from the socket. Kept until the body is
    /// past them, since a write may take only part of them. Pages are touched only as far as
    /// reads reach.
    private let buffer: UnsafeMutableRawBufferPointer
    private var heldStart: Int64 = 0
    private var heldCount: Int
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

    /// The most bytes one read takes: with reads of 1 MiB the process spent about a quarter
    /// more CPU per GiB (`lab bench proxy`).
    static let capacity = 4 << 20
    /// The least one read for a write takes: the client's room is an estimate, and a full
    /// send buffer still gets a piece ready for when it drains.
    static let minimumRead = 64 * 1024

    init(upstream: UpstreamBody, socket: AsyncSocket, name: String, early: [UInt8], inSocket: Int64, timeout: Duration, loop: EventLoop) {
        self.upstream = upstream
        self.socket = socket
        self.name = name
        self.inSocket = inSocket
        self.timeout = timeout
        self.loop = loop
        length = Int64(early.count) + inSocket
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(Self.capacity, early.count), alignment: 16)
        _ = buffer.initializeMemory(as: UInt8.self, from: early)
        self.buffer = buffer
        heldCount = early.count
    }

    deinit { buffer.deallocate() }

    var digestKey: String? { nil }

    private var heldEnd: Int64 { heldStart + Int64(heldCount) }

    func readiness(at offset: Int64) -> BodyReadiness {
        if offset < heldEnd { return .ready(Int(heldEnd - offset)) }
        // The last bytes wait (a task's hop) until the upstream connection is back in the
        // pool, so that the client's next request finds it there.
        if pooling == .underWay { return .waiting }
        if taken == inSocket || failure != nil { return .ended }
        // The write reads them, as many as the client's socket takes: here only ask how many
        // there are. None may mean the upstream's end: a read tells.
        let waiting = socket.readableBytes()
        if waiting > 0 { return .ready(Int(min(Int64(waiting), inSocket - taken))) }
        return fill(upTo: Self.minimumRead)
    }

    /// Sends body bytes from `offset` (at most `count`) to `client`: those held, or else what
    /// the upstream's socket has, read as far as the client's send buffer has room. Returns
    /// `.processed(0)` when the upstream had nothing after all (the next readiness says why);
    /// throws when the client's connection failed.
    func send(to client: Socket, at offset: Int64, upTo count: Int) throws(SocketError) -> Socket.IOResult {
        if offset >= heldEnd {
            guard case .ready = fill(upTo: min(count, max(Self.minimumRead, client.sendBufferRoom()))) else { return .processed(0) }
        }
        guard let held = held(at: offset, upTo: count) else { return .processed(0) }
        return try client.send(held)
    }

    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        if offset >= heldEnd { _ = fill(upTo: destination.count) }
        guard let held = held(at: offset, upTo: destination.count) else { return 0 }
        destination.copyMemory(from: held)
        return held.count
    }

    /// Up to `count` held bytes from body offset `offset` on; nil when none are held there.
    private func held(at offset: Int64, upTo count: Int) -> UnsafeRawBufferPointer? {
        guard offset >= heldStart, offset < heldEnd, count > 0 else { return nil }
        let start = Int(offset - heldStart)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<(start + min(count, heldCount - start))])
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

    /// Once the held bytes are all past: one read of up to `limit` bytes from the socket,
    /// which are then held.
    private func fill(upTo limit: Int) -> BodyReadiness {
        let wanted = Int(min(Int64(min(limit, buffer.count)), inSocket - taken))
        guard wanted > 0, failure == nil else { return .ended }
        do {
            switch try socket.receiveNow(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted])) {
            case .processed(let count):
                heldStart = heldEnd
                heldCount = count
                taken += Int64(count)
                if taken == inSocket { poolUpstream() }
                return .ready(count)
            case .wouldBlock:
                return .waiting
            case .endOfStream:
                failure = broken("it closed the connection before the body was complete")
            }
        } catch .socket(let error) where error.isReset {
            failure = broken("connection reset (RST)")
        } catch {
            failure = broken("\(error)")
        }
        return .ended
    }

    private func broken(_ reason: String) -> String {
        UpstreamError.brokenBody(upstream: name, reason: reason).description
    }
}
