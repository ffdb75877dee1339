
/// A non-blocking TCP socket whose reads and writes suspend the calling task, not a thread,
/// until the event loop reports readiness.
///
/// One task may read while another writes; two concurrent reads (or writes) are a programming
/// error. Every wait takes an optional deadline and honours task cancellation: cancelling a
/// waiting task shuts the connection down at once, so the peer sees it close immediately.
/// Each continuation is resumed exactly once, by whichever comes first of readiness, deadline,
/// cancellation or ``close()``.
package final class AsyncSocket: Sendable {
    /// The underlying descriptor (owned by this object; released once ``close()`` was called
    /// and no call, the close's shutdown included, is using it, so a descriptor number never
    /// changes hands under a call: ``DescriptorLifetime``).
    private let socket: Socket
    private let loop: EventLoop
    private let relay: Relay

    private enum Direction { case read, write }

    private struct Waiter {
        var deadline: Instant?
        /// Resumes a waiting task, or calls back (``whenReadable(deadline:_:)``); called once.
        var resume: @Sendable (Result<Void, AsyncIOError>) -> Void
    }

    private struct State {
        var readable = false
        var writable = false
        var reader: Waiter?
        var writer: Waiter?
        var timerDeadline: Instant?
        var registration: Registration?
        var cancelled = false
        /// Calls on the descriptor under way (outside the lock) and the close: the descriptor
        /// is released by whichever of them ends last.
        var descriptor = DescriptorLifetime()
        var closed: Bool { descriptor.isClosing }

        mutating func take(_ direction: Direction) -> Waiter? {
            switch direction {
            case .read: defer { reader = nil }; return reader
            case .write: defer { writer = nil }; return writer
            }
        }
    }

    /// Receives readiness on the loop thread and hands it to waiting tasks.
    private final class Relay: Selectable, Sendable {
        let state = Lock(State())

        func handleReadiness(_ event: ReadinessEvent) {
            let woken = state.withLock { state -> [Waiter] in
                var woken: [Waiter] = []
                if event.readable || event.hangUp || event.error {
                    if let reader = state.take(.read) { woken.append(reader) } else { state.readable = true }
                }
                if event.writable || event.error {
                    if let writer = state.take(.write) { woken.append(writer) } else { state.writable = true }
                }
                return woken
            }
            for waiter in woken { waiter.resume(.success(())) }
        }
    }

    /// Wraps a connected or connecting non-blocking socket and registers it with `loop`.
    package init(_ socket: Socket, loop: EventLoop = .shared) {
        self.socket = socket
        self.loop = loop
        self.relay = Relay()
        loop.execute { [relay] in
            do throws(SocketError) {
                let registration = try loop.register(relay, fd: socket.fd)
                relay.state.withLock { $0.registration = registration }
            } catch {
                // Without registration no readiness arrives: close, failing waiters rather
                // than leaving them to hang.
                Self.shutDown(socket, relay: relay, loop: loop, failing: .socket(error))
            }
        }
    }

    /// Opens a TCP connection to `address`, failing with `.timedOut` at `deadline`.
    package static func connect(to address: SocketAddress, deadline: Instant? = nil, loop: EventLoop = .shared) async throws(AsyncIOError) -> AsyncSocket {
        let socket: Socket
        do {
            socket = try Socket.tcp(family: address.family)
        } catch {
            throw .socket(error)
        }
        socket.setNoDelay()
        let connection = AsyncSocket(socket, loop: loop)
        do throws(AsyncIOError) {
            let connected: Bool
            do { connected = try socket.connect(to: address) } catch { throw .socket(error) }
            if !connected {
                try await connection.wait(.write, deadline: deadline)
                let code = try connection.withDescriptor { $0.pendingError() }
                if code != 0 { throw .socket(SocketError("connect(\(address))", code: code)) }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Reads at most `buffer.count` bytes; returns 0 at end of stream.
    package func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Instant? = nil) async throws(AsyncIOError) -> Int {
        while true {
            if let count = try receive(into: buffer) { return count }
            try await wait(.read, deadline: deadline)
        }
    }

    /// Reads what is ready into a buffer borrowed from `buffers` only once bytes (or the end of
    /// the stream) are there, so a socket waiting for data holds no buffer. Returns the buffer
    /// and the count read, 0 at end of stream; give the buffer back with
    /// ``ReadBufferPool/recycle(_:)`` once its bytes are used.
    package func read(borrowingFrom buffers: ReadBufferPool, deadline: Instant? = nil) async throws(AsyncIOError) -> (buffer: UnsafeMutableRawBufferPointer, count: Int) {
        while true {
            let buffer = buffers.take()
            let count: Int?
            do { count = try receive(into: buffer) } catch { buffers.recycle(buffer); throw error }
            if let count { return (buffer, count) }
            buffers.recycle(buffer)
            try await wait(.read, deadline: deadline)
        }
    }

    /// Reads what is ready, up to `count` bytes, straight into a new array: empty at end of
    /// stream. For a reader that keeps the bytes (a proxy's body pieces), this saves the copy
    /// out of a borrowed buffer; the array is allocated only once bytes are there to fill it.
    package func read(upTo count: Int, deadline: Instant? = nil) async throws(AsyncIOError) -> [UInt8] {
        while true {
            if let bytes = try receiveArray(upTo: count) { return bytes }
            try await wait(.read, deadline: deadline)
        }
    }

    private func receiveArray(upTo count: Int) throws(AsyncIOError) -> [UInt8]? {
        var failure: AsyncIOError?
        var ready = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            let result = Result { () throws(AsyncIOError) in
                try withDescriptor { socket throws(SocketError) in try socket.receive(into: UnsafeMutableRawBufferPointer(buffer)) }
            }
            switch result {
            case .success(.processed(let read)): initialized = read
            case .success(.endOfStream): break
            case .success(.wouldBlock): ready = false
            case .failure(let error): failure = error
            }
        }
        if let failure { throw failure }
        return ready ? bytes : nil
    }

    /// One non-blocking receive: the count read, 0 at end of stream, nil if nothing is ready.
    private func receive(into buffer: UnsafeMutableRawBufferPointer) throws(AsyncIOError) -> Int? {
        let result = try withDescriptor { socket throws(SocketError) in try socket.receive(into: buffer) }
        switch result {
        case .processed(let count): return count
        case .endOfStream: return 0
        case .wouldBlock: return nil
        }
    }

    /// Writes all of `bytes`.
    package func write(_ bytes: [UInt8], deadline: Instant? = nil) async throws(AsyncIOError) {
        var offset = 0
        while offset < bytes.count {
            let result = try bytes.withUnsafeBytes { buffer in
                Result { () throws(AsyncIOError) in
                    try withDescriptor { socket throws(SocketError) in try socket.send(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
                }
            }.get()
            switch result {
            case .processed(let count): offset += count
            case .endOfStream: throw .closed
            case .wouldBlock: try await wait(.write, deadline: deadline)
            }
        }
    }

    /// Shuts the connection down at once and releases the descriptor on the loop (once no
    /// other thread is in a call on it). Waiting operations fail with `.closed`. Safe to call
    /// more than once, from any thread.
    package func close() {
        Self.shutDown(socket, relay: relay, loop: loop, failing: .closed)
    }

    /// Closes once: shuts the connection down, fails the waiters with `error`, and releases
    /// the descriptor unless a call still uses it. The shutdown is a use of its own: were the
    /// descriptor released by a call ending meanwhile, it would shut down whichever
    /// connection took the number next.
    private static func shutDown(_ socket: Socket, relay: Relay, loop: EventLoop, failing error: AsyncIOError) {
        let (first, waiters) = relay.state.withLock { state -> (Bool, [Waiter]) in
            guard state.descriptor.beginClose() else { return (false, []) }
            return (true, [state.take(.read), state.take(.write)].compactMap { $0 })
        }
        guard first else { return }
        socket.shutdownBoth()
        for waiter in waiters { waiter.resume(.failure(error)) }
        if relay.state.withLock({ $0.descriptor.endUse() }) { releaseDescriptor(socket, relay: relay, loop: loop) }
    }

    /// Whether an idle kept-alive connection is still open and silent (``Socket/isOpenAndIdle``);
    /// false once closed. A pooled connection that is not can carry no further request.
    package var isOpenAndIdle: Bool {
        (try? withDescriptor { $0.isOpenAndIdle }) ?? false
    }

    /// Runs `body` on the descriptor, which stays open until it returns; `.closed` (or
    /// `.cancelled`) once ``close()`` was called.
    private func withDescriptor<T>(_ body: (Socket) throws(SocketError) -> T) throws(AsyncIOError) -> T {
        let (open, cancelled) = relay.state.withLock { state in (state.descriptor.beginUse(), state.cancelled) }
        guard open else { throw cancelled ? .cancelled : .closed }
        defer {
            if relay.state.withLock({ $0.descriptor.endUse() }) { Self.releaseDescriptor(socket, relay: relay, loop: loop) }
        }
        do { return try body(socket) } catch { throw .socket(error) }
    }

    /// Deregisters and closes the descriptor on the loop, after any registration.
    private static func releaseDescriptor(_ socket: Socket, relay: Relay, loop: EventLoop) {
        loop.execute {
            if let registration = relay.state.withLock({ $0.registration }) {
                loop.deregister(registration, fd: socket.fd)
            }
            socket.close()
        }
    }

    /// Suspends until the socket is ready in `direction`, the deadline passes, the task is
    /// cancelled or the socket is closed.
    private func wait(_ direction: Direction, deadline: Instant?) async throws(AsyncIOError) {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, AsyncIOError>, Never>) in
                addWaiter(direction, deadline: deadline, cancelled: Task.isCancelled) { continuation.resume(returning: $0) }
            }
        } onCancel: {
            let first = relay.state.withLock { state -> Bool in
                defer { state.cancelled = true }
                return !state.cancelled
            }
            if first {
                let waiters = relay.state.withLock { state in
                    [state.take(.read), state.take(.write)].compactMap { $0 }
                }
                for waiter in waiters { waiter.resume(.failure(.cancelled)) }
                close()
            }
        }
        try result.get()
    }

    /// Calls `resume` once the socket is readable (`.success`), at `deadline` (`.timedOut`), or
    /// once it is closed (`.closed`): a wait for code on an event loop, which has no task to
    /// suspend. `resume` may run on any thread, at once when the socket is readable already;
    /// only one read wait, of either kind, at a time.
    package func whenReadable(deadline: Instant?, _ resume: @escaping @Sendable (Result<Void, AsyncIOError>) -> Void) {
        addWaiter(.read, deadline: deadline, cancelled: false, resume)
    }

    /// Registers a wait in `direction` with its deadline, or settles it at once.
    private func addWaiter(
        _ direction: Direction, deadline: Instant?, cancelled: Bool, _ resume: @escaping @Sendable (Result<Void, AsyncIOError>) -> Void
    ) {
        enum Outcome { case wait, ready, fail(AsyncIOError) }
        var armTimer = false
        let outcome = relay.state.withLock { state -> Outcome in
            if state.closed { return .fail(state.cancelled ? .cancelled : .closed) }
            if cancelled { return .fail(.cancelled) }
            if let deadline, deadline <= Instant.now() { return .fail(.timedOut) }
            switch direction {
            case .read where state.readable:
                state.readable = false
                return .ready
            case .write where state.writable:
                state.writable = false
                return .ready
            case .read:
                state.reader = Waiter(deadline: deadline, resume: resume)
            case .write:
                state.writer = Waiter(deadline: deadline, resume: resume)
            }
            if let deadline, state.timerDeadline.map({ deadline < $0 }) ?? true {
                state.timerDeadline = deadline
                armTimer = true
            }
            return .wait
        }
        switch outcome {
        case .wait: if armTimer, let deadline { armDeadlineTimer(at: deadline) }
        case .ready: resume(.success(()))
        case .fail(let error): resume(.failure(error))
        }
    }

    /// One non-blocking receive into `buffer`, for code on an event loop (which waits with
    /// ``whenReadable(deadline:_:)``), the descriptor kept open meanwhile; `.closed` once
    /// ``close()`` was called.
    package func receiveNow(into buffer: UnsafeMutableRawBufferPointer) throws(AsyncIOError) -> Socket.IOResult {
        try withDescriptor { socket throws(SocketError) in try socket.receive(into: buffer) }
    }

#if canImport(CNetworkLab)
    /// The bytes waiting to be read (``Socket/readableBytes()``); 0 once ``close()`` was called.
    package func readableBytes() -> Int {
        (try? withDescriptor { socket in socket.readableBytes() }) ?? 0
    }
#endif

    /// Fails waiters whose deadline has passed at `deadline`, then re-arms for any later one.
    /// One timer per socket at a time, however many waits come and go.
    private func armDeadlineTimer(at deadline: Instant) {
        loop.execute { [relay, loop] in
            loop.schedule(at: deadline) { [relay] in
                AsyncSocket.deadlineTimerFired(relay: relay, loop: loop, armedAt: deadline)
            }
        }
    }

    private static func deadlineTimerFired(relay: Relay, loop: EventLoop, armedAt: Instant) {
        let now = Instant.now()
        let (expired, next) = relay.state.withLock { state -> ([Waiter], Instant?) in
            guard state.timerDeadline == armedAt else { return ([], nil) }
            state.timerDeadline = nil
            var expired: [Waiter] = []
            var next: Instant?
            for direction in [Direction.read, .write] {
                let waiter = direction == .read ? state.reader : state.writer
                guard let waiter, let deadline = waiter.deadline else { continue }
                if deadline <= now {
                    if let taken = state.take(direction) { expired.append(taken) }
                } else {
                    next = min(next ?? deadline, deadline)
                }
            }
            state.timerDeadline = next
            return (expired, next)
        }
        for waiter in expired { waiter.resume(.failure(.timedOut)) }
        if let next {
            loop.schedule(at: next) {
                deadlineTimerFired(relay: relay, loop: loop, armedAt: next)
            }
        }
    }
}
