#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

/// Thousands of keep-alive client connections on one private event loop, with non-blocking
/// sockets: the load generator of the load test. Each connection sends `GET path` and waits for
/// its response before the next, and checks every response against the expected body.
///
/// All state lives on the driver's loop; the async methods hop onto it and wait.
final class LoadDriver: @unchecked Sendable {
    // Unchecked: every mutable property is touched only on `loop`'s thread.

    let loop: EventLoop
    private let request: [UInt8]
    private let expectedBody: [UInt8]
    private var connections: [LoadConnection] = []
    private var pendingConnects = 0
    private var toConnect: [SocketAddress] = []
    private var busy = 0
    private var waiter: CheckedContinuation<Void, Never>?
    /// Responses received and checked.
    private(set) var responses = 0
    /// What went wrong, a line each (the first few hundred).
    private(set) var failures: [String] = []

    /// A driver asking for `path` and expecting `expectedBody` in each response.
    init(path: String, expectedBody: [UInt8]) throws {
        loop = try EventLoop(name: "LoadDriver")
        request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        self.expectedBody = expectedBody
    }

    /// Opens `count` connections to `127.0.0.1:port`, at most `window` handshakes at a time
    /// (more would overflow the listen queue and wait for SYN retransmits).
    func connect(_ count: Int, port: Int, window: Int = 256) async {
        let address = SocketAddress(numericHost: "127.0.0.1", port: port)!
        await onLoop { [self] in
            toConnect = Array(repeating: address, count: count)
            for _ in 0..<min(window, count) { connectNext() }
        }
    }

    /// Sends `perConnection` requests on every connection, one after another on each and all
    /// connections at once; returns when every response is in (or the connection failed).
    func run(requestsPerConnection perConnection: Int) async {
        await onLoop { [self] in
            busy = connections.count
            for connection in connections { connection.start(requests: perConnection) }
        }
    }

    /// Closes every connection and stops the loop (its thread ends).
    func shutDown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                for connection in connections { connection.close() }
                connections.removeAll()
                loop.stop()
                continuation.resume()
            }
        }
    }

    /// The number of connections that are open.
    var openConnections: Int {
        get async {
            await withCheckedContinuation { continuation in
                loop.execute { [self] in continuation.resume(returning: connections.filter(\.isOpen).count) }
            }
        }
    }

    // MARK: - Loop only

    /// Runs `start` on the loop and waits until it calls ``finished()``.
    private func onLoop(_ start: @escaping () -> Void) async {
        let bound = LoopBound(start)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                waiter = continuation
                bound.value()
            }
        }
    }

    private func finished() {
        let waiter = self.waiter
        self.waiter = nil
        waiter?.resume()
    }

    private func connectNext() {
        guard let address = toConnect.popLast() else {
            if pendingConnects == 0 { finished() }
            return
        }
        pendingConnects += 1
        do {
            let connection = try LoadConnection(address: address, driver: self)
            connections.append(connection)
        } catch {
            fail("connect: \(error)")
            connected()
        }
    }

    func connected() {
        pendingConnects -= 1
        connectNext()
    }

    func connectionDone() {
        busy -= 1
        if busy == 0 { finished() }
    }

    func check(status: Int, body: ArraySlice<UInt8>) {
        responses += 1
        if status != 200 || !body.elementsEqual(expectedBody) { fail("status \(status), \(body.count) body bytes") }
    }

    func fail(_ problem: String) {
        if failures.count < 200 { failures.append(problem) }
    }

    var requestBytes: [UInt8] { request }
}

/// One connection of a ``LoadDriver``: connect, then request, response, request, ...
final class LoadConnection: Selectable {
    private let socket: Socket
    private unowned let driver: LoadDriver
    private var registration: Registration?
    private var connecting = true
    private var remaining = 0
    private var sent = 0
    private var input: [UInt8] = []
    private var parser = HTTPHeadParser()
    private var head: (status: Int, length: Int, end: Int)?
    private(set) var isOpen = true
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    init(address: SocketAddress, driver: LoadDriver) throws(SocketError) {
        socket = try Socket.tcp(family: address.family)
        self.driver = driver
        do throws(SocketError) {
            registration = try driver.loop.register(self, fd: socket.fd)
            _ = try socket.connect(to: address)
        } catch {
            close()
            throw error
        }
    }

    func start(requests: Int) {
        remaining = requests
        guard isOpen, remaining > 0 else { return driver.connectionDone() }
        sendRequest()
    }

    func handleReadiness(_ event: ReadinessEvent) {
        if connecting {
            guard event.writable || event.error || event.hangUp else { return }
            connecting = false
            let code = socket.pendingError()
            if code != 0 {
                driver.fail("connect: errno \(code)")
                close()
            }
            driver.connected()
            return
        }
        if event.writable, sent > 0, sent < driver.requestBytes.count { sendRequest() }
        if event.readable || event.hangUp || event.error { readResponses() }
    }

    private func sendRequest() {
        let request = driver.requestBytes
        while sent < request.count {
            let result = request.withUnsafeBytes { bytes in
                Result { () throws(SocketError) in try socket.send(UnsafeRawBufferPointer(rebasing: bytes[sent...])) }
            }
            switch result {
            case .success(.processed(let count)): sent += count
            case .success: return  // wait for writability
            case .failure(let error): return broken("send: \(error)")
            }
        }
    }

    private func readResponses() {
        while isOpen {
            let result = scratch.withUnsafeMutableBytes { bytes in
                Result { () throws(SocketError) in try socket.receive(into: bytes) }
            }
            switch result {
            case .success(.processed(let count)):
                input += scratch[..<count]
                consume()
            case .success(.wouldBlock):
                return
            case .success(.endOfStream):
                // After its last response a connection only waits; a slow run (a sanitizer)
                // may outlast the server's idle timeout, which then rightly closes it.
                if remaining == 0 { return close() }
                return broken("the server closed the connection with \(remaining) requests to go")
            case .failure(let error):
                return broken("recv: \(error)")
            }
        }
    }

    private func consume() {
        if head == nil {
            do {
                guard let (parsed, consumed) = try input.withUnsafeBytes({ try parser.parseResponse($0) }) else { return }
                guard case .contentLength(let length) = try BodyFraming.response(parsed, requestMethod: .get) else {
                    return broken("a response without Content-Length")
                }
                head = (parsed.status, Int(length), consumed + Int(length))
            } catch {
                return broken("a malformed response: \(error)")
            }
        }
        guard let head, input.count >= head.end else { return }
        guard input.count == head.end else { return broken("bytes after the response") }
        driver.check(status: head.status, body: input[(head.end - head.length)...])
        input.removeAll(keepingCapacity: true)
        self.head = nil
        remaining -= 1
        sent = 0
        if remaining == 0 { driver.connectionDone() } else { sendRequest() }
    }

    private func broken(_ problem: String) {
        driver.fail(problem)
        let wasWorking = remaining > 0
        close()
        if wasWorking {
            remaining = 0
            driver.connectionDone()
        }
    }

    func close() {
        guard isOpen else { return }
        isOpen = false
        if let registration { driver.loop.deregister(registration, fd: socket.fd) }
        socket.close()
    }
}
