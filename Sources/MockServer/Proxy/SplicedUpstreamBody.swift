import NetworkCore

/// A proxied response body that goes from the upstream's socket to the client's through a
/// kernel pipe (`splice(2)`), never copied through user space: the proxy's Content-Length
/// bodies over plain TCP, when nothing records them.
///
/// The bytes that came with the response head go first, from memory. Then the source fills
/// its pipe from the upstream socket whenever the connection asks what it has and the pipe is
/// less than half full, and waits for the socket through the event loop (no task, no
/// polling). The connection splices the pipe's bytes out (``splice(to:upTo:)``) unless a
/// stage must see them (corruption), and reads them out (``read(into:at:)``) when one must.
/// Pacing, slicing and cuts only limit how many bytes go, so they splice too, and a link set
/// mid-body paces the body in flight as it does any other. *Loop only*.
final class SplicedUpstreamBody: BodySource {
    let length: Int64?
    /// Why the body broke off, if it did (the upstream closed, reset, or went silent).
    private(set) var failure: String?
    private let upstream: UpstreamBody
    private let socket: AsyncSocket
    private let loop: EventLoop
    private let timeout: Duration
    private let name: String
    /// Body bytes in memory, from body offset `heldStart` on, just before those in the pipe:
    /// first those read with the response head, later those read out of the pipe for a stage
    /// to see. Kept until the body is past them, since a write may take only part of them.
    private var held: [UInt8]
    private var heldStart: Int64 = 0
    /// Body bytes still in the upstream socket when the body was handed over.
    private let inSocket: Int64
    private var pipe: KernelPipe?
    private var inPipe = 0
    /// Body bytes moved from the socket into the pipe so far.
    private var filled: Int64 = 0
    private var released = false
    /// The connection's, while it waits for the socket or the pool.
    private var resume: (() -> Void)?
    private var pooling = Pooling.reading

    /// Where the upstream connection stands: its body still being read, then on its way back
    /// to the pool, then there.
    private enum Pooling { case reading, underWay, done }

    /// The most bytes read out of the pipe at once for the stages to see.
    static let heldCapacity = 256 * 1024

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
        if offset < heldEnd { return .ready(Int(heldEnd - offset)) }
        // The last bytes wait (a task's hop) until the upstream connection is back in the
        // pool, so that the client's next request finds it there.
        if pooling == .underWay { return .waiting }
        // Topped up while half empty: the socket's next bytes are in the pipe while the
        // client's socket takes the ones before them.
        if inPipe > 0, inPipe >= (pipe?.capacity ?? KernelPipe.defaultCapacity) / 2 || filled == inSocket || failure != nil { return .ready(inPipe) }
        if inPipe == 0, filled == inSocket || failure != nil { return .ended }
        return fill()
    }

    /// Whether the bytes at `offset` can be spliced out (they are in the pipe, not in memory).
    func canSplice(at offset: Int64) -> Bool {
        offset >= heldEnd && inPipe > 0
    }

    /// Moves up to `count` of the pipe's bytes into `socket` (after ``readiness(at:)`` said
    /// they are ready); throws when the client's connection failed.
    func splice(to socket: Socket, upTo count: Int) throws(SocketError) -> Socket.IOResult {
        guard let pipe else { return .wouldBlock }
        let result = try pipe.drain(into: socket, upTo: min(count, inPipe))
        if case .processed(let moved) = result { inPipe -= moved }
        return result
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        if offset >= heldEnd {
            // The stages see bytes from here on: take the pipe's next ones into memory.
            guard let pipe, inPipe > 0 else { return 0 }
            let count = min(inPipe, Self.heldCapacity)
            held = [UInt8](unsafeUninitializedCapacity: count) { bytes, initialized in
                initialized = pipe.read(into: UnsafeMutableRawBufferPointer(bytes))
            }
            heldStart = offset
            inPipe -= held.count
        }
        let start = Int(offset - heldStart)
        let count = min(buffer.count, held.count - start)
        guard count > 0 else { return 0 }
        held.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: count) }
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
            await upstream.splicedBodyRead()
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
        pipe?.close()
        pipe = nil
        if pooling == .reading { upstream.cancel() }
    }

    /// One splice from the socket into the pipe's room; what the pipe then holds.
    private func fill() -> BodyReadiness {
        if pipe == nil {
            do { pipe = try KernelPipe.open() } catch {
                failure = broken("no kernel pipe to move it through: \(error)")
                return .ended
            }
        }
        do {
            switch try socket.fill(pipe!, upTo: Int(min(inSocket - filled, Int64(pipe!.capacity - inPipe)))) {
            case .processed(let count):
                filled += Int64(count)
                inPipe += count
                if filled == inSocket {
                    poolUpstream()
                    return .waiting
                }
            case .wouldBlock:
                break
            case .endOfStream:
                failure = broken("it closed the connection before the body was complete")
            }
        } catch .socket(let error) where error.isReset {
            failure = broken("connection reset (RST)")
        } catch {
            failure = broken("\(error)")
        }
        // What the pipe holds goes out before a failure ends the body.
        if inPipe > 0 { return .ready(inPipe) }
        return failure == nil ? .waiting : .ended
    }

    private func broken(_ reason: String) -> String {
        UpstreamError.brokenBody(upstream: name, reason: reason).description
    }
}
