import NetworkCore

/// HTTP/1.1 load on a private event loop thread: up to tens of thousands of keep-alive
/// connections to one server, each a small ``LoadConnection`` state machine, so every byte
/// is read as soon as it arrives without a task or a thread per download, and without
/// sharing a thread with the server it measures.
///
/// ```swift
/// let load = try LoadGenerator(port: server.port)
/// _ = await load.open(1000)
/// let transfers = await load.fetch((0..<1000).map { LoadRequest("/bytes/200KB?bandwidth=100KB/s") }, timeout: .seconds(30))
/// load.shutdown()
/// ```
///
/// One operation at a time (open, fetch, repeat, close); each returns when it is done.
final class LoadGenerator: @unchecked Sendable {
    // Unchecked: everything mutable is touched only on `loop`'s thread; the async methods
    // hop there with `loop.execute` and resume their caller from it.

    let port: Int
    private let address: SocketAddress
    private let loop: EventLoop
    /// The read buffer of every connection: the loop reads one socket at a time.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: PlainReader.bufferSize, alignment: 16)
    private var connections: [LoadConnection] = []

    // Opening.
    private var toLaunch = 0
    private var connecting = 0
    private var openError: String?
    private var openWaiter: (@Sendable (sending (open: Int, error: String?)) -> Void)?
    // Exchanges (fetch and repeat).
    private var busy = 0
    /// Called once when the last exchange in flight has ended.
    private var whenIdle: (() -> Void)?
    private var repeating: (request: LoadRequest, bytes: [UInt8], window: Range<Instant>)?
    private var counted = 0
    private var failed = 0
    /// The open's or the exchanges' time limit.
    private let timer: LoopTimer

    /// Most connects in flight at once: more would overflow the server's listen backlog and
    /// turn into one-second SYN retransmissions.
    private static let connectWindow = 256

    /// A generator for the server on 127.0.0.1:`port`, with its own event loop thread.
    init(port: Int) throws(BenchError) {
        self.port = port
        address = SocketAddress(numericHost: "127.0.0.1", port: port)!
        do {
            loop = try EventLoop(name: "lab-bench-load")
        } catch {
            throw BenchError("load generator: \(error)")
        }
        timer = LoopTimer(loop: loop)
    }

    deinit {
        scratch.deallocate()
    }

    /// Opens `count` more idle connections, at most ``connectWindow`` connecting at once,
    /// stopping at the first failure or after `timeout`; returns how many are open in all and
    /// the first failure.
    func open(_ count: Int, timeout: Duration = .seconds(10)) async -> (open: Int, error: String?) {
        await handOver { hand in
            loop.execute { [self] in
                openWaiter = hand
                openError = nil
                toLaunch = count
                timer.arm(at: .now() + timeout) { [self] in
                    openError = openError ?? "connecting took over \(timeout)"
                    toLaunch = 0
                    for connection in connections where connection.state == .connecting {
                        connection.close()
                        connecting -= 1
                    }
                    launch()
                }
                launch()
            }
        }
    }

    /// Opens connections until `count` are open, or fails saying why it could not.
    func openAll(_ count: Int) async throws(BenchError) {
        let have = await openCount()
        let opened = await open(count - have)
        guard opened.open >= count else { throw BenchError("opened \(opened.open) of \(count) connections: \(opened.error ?? "?")") }
    }

    /// Sends `requests[i]` on the i-th open connection, the i-th at `i * stagger` after the
    /// first, and waits for every response (or `timeout` after the last request); returns
    /// each exchange.
    func fetch(_ requests: [LoadRequest], stagger: Duration = .zero, timeout: Duration) async -> [LoadTransfer] {
        await handOver { hand in
            loop.execute { [self] in
                let idle = connections.filter { $0.state == .idle }
                var results = requests.map { _ in LoadTransfer() }
                let used = Array(idle.prefix(requests.count))
                for index in used.count..<requests.count { results[index].error = "no open connection for it" }
                let start = Instant.now()
                busy = used.count
                whenIdle = {
                    for (index, connection) in used.enumerated() { results[index] = connection.transfer }
                    hand(results)
                }
                armTimeout(start + stagger * used.count + timeout)
                if used.isEmpty { finishExchanges() }
                for (index, connection) in used.enumerated() {
                    let bytes = requestBytes(requests[index].path)
                    if stagger == .zero {
                        connection.start(requests[index], bytes: bytes)
                    } else {
                        loop.schedule(at: start + stagger * index) {
                            connection.start(requests[index], bytes: bytes)
                        }
                    }
                }
            }
        }
    }

    /// Keeps `request` going on the first `connections` open connections, the next request
    /// on each as soon as its response is in, for `warmUp` and then `duration`; returns the
    /// 2xx responses completed within `duration` (after the warm-up) and the failures.
    func repeatRequests(_ request: LoadRequest, connections count: Int, warmUp: Duration, duration: Duration) async -> (responses: Int, failures: Int) {
        await handOver { hand in
            loop.execute { [self] in
                let used = connections.filter { $0.state == .idle }.prefix(count)
                let start = Instant.now() + warmUp
                let bytes = requestBytes(request.path)
                repeating = (request, bytes, start..<(start + duration))
                counted = 0
                failed = 0
                busy = used.count
                whenIdle = { [self] in
                    repeating = nil
                    hand((counted, failed))
                }
                armTimeout(start + duration + .seconds(30))
                if used.isEmpty { finishExchanges() }
                for connection in used { connection.start(request, bytes: bytes) }
            }
        }
    }

    /// The connections open now.
    func openCount() async -> Int {
        await loop.submit { [self] in connections.count { $0.state != .closed } }
    }

    /// Closes every connection (with a reset: no `TIME_WAIT` left behind).
    func closeAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                closeConnections()
                continuation.resume()
            }
        }
    }

    /// Closes every connection and stops the loop thread.
    func shutdown() {
        loop.execute { [self] in closeConnections() }
        loop.stop()
    }

    // MARK: - Loop only

    func connectFinished(_ connection: LoadConnection, error: String?) {
        connecting -= 1
        if let error { openError = openError ?? error }
        launch()
    }

    func exchangeEnded(_ connection: LoadConnection) {
        if let repeating {
            let transfer = connection.transfer
            let now = Instant.now()
            if !transfer.succeeded {
                failed += 1
            } else if repeating.window.contains(now) {
                counted += 1
            }
            if connection.state == .idle, now < repeating.window.upperBound {
                connection.start(repeating.request, bytes: repeating.bytes)
                return
            }
        }
        busy -= 1
        if busy == 0 { finishExchanges() }
    }

    func deregister(_ connection: LoadConnection) {
        if let registration = connection.registration { loop.deregister(registration, fd: connection.fd) }
        connection.registration = nil
    }

    private func launch() {
        while toLaunch > 0, connecting < Self.connectWindow, openError == nil {
            toLaunch -= 1
            do throws(SocketError) {
                let socket = try Socket.tcp(family: address.family)
                socket.setNoDelay()
                let connected: Bool
                do {
                    connected = try socket.connect(to: address)
                } catch {
                    socket.close()
                    throw error
                }
                let connection = LoadConnection(socket: socket, generator: self, connected: connected)
                do {
                    connection.registration = try loop.register(connection, fd: socket.fd)
                } catch {
                    socket.close()
                    throw error
                }
                connections.append(connection)
                if !connected { connecting += 1 }
            } catch {
                openError = error.description
            }
        }
        guard connecting == 0, toLaunch == 0 || openError != nil, let waiter = openWaiter else { return }
        openWaiter = nil
        timer.cancel()
        connections.removeAll { $0.state == .closed }
        waiter((connections.count, openError))
    }

    private func finishExchanges() {
        guard let whenIdle else { return }
        self.whenIdle = nil
        timer.cancel()
        whenIdle()
    }

    private func armTimeout(_ deadline: Instant) {
        timer.arm(at: deadline) { [self] in
            repeating = nil
            for connection in connections where connection.inExchange { connection.fail("no complete response within the time allowed") }
        }
    }

    private func closeConnections() {
        for connection in connections {
            if connection.inExchange { connection.fail("closed by the benchmark") } else { connection.close() }
        }
        connections.removeAll()
    }

    private func requestBytes(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
    }
}
