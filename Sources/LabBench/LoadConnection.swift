import MockServer
import NetworkCore

/// One keep-alive connection of the ``LoadGenerator``: connects, sends a request, reads the
/// response (checking the payload when asked), and tells the generator, one exchange at a
/// time. A state machine driven by readiness on the generator's loop; it never blocks.
final class LoadConnection: Selectable {
    private let socket: Socket
    private unowned let generator: LoadGenerator
    var registration: Registration?

    private(set) var state = State.connecting
    /// True from ``start(_:bytes:)`` until the exchange ends, however it ends.
    private(set) var inExchange = false
    private(set) var transfer = LoadTransfer()
    private var readable = false
    private var writable = false
    private var driving = false
    private var seed: UInt64?
    private var requestBytes: [UInt8] = []
    private var requestSent = 0
    private var parser = HTTPHeadParser()
    private var pendingHead: [UInt8] = []
    private var remaining: Int64 = 0

    enum State: Equatable {
        case connecting, idle, sending, head, body, closed
    }

    init(socket: Socket, generator: LoadGenerator, connected: Bool) {
        self.socket = socket
        self.generator = generator
        if connected {
            state = .idle
            writable = true
        }
    }

    var fd: Int32 { socket.fd }

    func handleReadiness(_ event: ReadinessEvent) {
        if event.readable || event.hangUp || event.error { readable = true }
        if event.writable || event.error { writable = true }
        if state == .connecting {
            guard writable else { return }
            let code = socket.pendingError()
            if code == 0 {
                state = .idle
                generator.connectFinished(self, error: nil)
            } else {
                close()
                generator.connectFinished(self, error: SocketError("connect", code: code).description)
            }
            return
        }
        drive()
    }

    /// Sends `bytes` (the request for `request`) and reads the response.
    func start(_ request: LoadRequest, bytes: [UInt8]) {
        precondition(!inExchange, "a load connection runs one exchange at a time")
        inExchange = true
        seed = request.seed
        requestBytes = bytes
        requestSent = 0
        transfer = LoadTransfer()
        parser = HTTPHeadParser()
        pendingHead.removeAll(keepingCapacity: true)
        guard state == .idle else {
            fail("the connection was closed before the request")
            return
        }
        state = .sending
        drive()
    }

    /// Ends the exchange in flight with `reason` and closes the connection.
    func fail(_ reason: String) {
        transfer.error = transfer.error ?? reason
        close()
        endExchange()
    }

    /// Closes at once with a reset, so that neither side keeps the port in `TIME_WAIT`.
    func close() {
        guard state != .closed else { return }
        state = .closed
        generator.deregister(self)
        socket.setResetOnClose()
        socket.close()
    }

    /// Does what the state allows until it must wait. Not reentrant: an exchange that ends
    /// may start the next one from the generator, and this loop carries it on, so a fast
    /// server cannot grow the stack.
    private func drive() {
        guard !driving else { return }
        driving = true
        defer { driving = false }
        while true {
            switch state {
            case .sending:
                guard flush() else { return }
            case .head, .body:
                guard readOnce() else { return }
            case .connecting, .idle, .closed:
                return
            }
        }
    }

    /// Writes what is left of the request; true when it is all out.
    private func flush() -> Bool {
        while requestSent < requestBytes.count {
            guard writable else { return false }
            do {
                let result = try requestBytes.withUnsafeBytes { try socket.send(UnsafeRawBufferPointer(rebasing: $0[requestSent...])) }
                switch result {
                case .processed(let count): requestSent += count
                case .wouldBlock, .endOfStream: writable = false
                }
            } catch {
                fail("\(error)")
                return false
            }
        }
        transfer.sent = .now()
        state = .head
        return true
    }

    /// One `recv`; true when bytes came.
    private func readOnce() -> Bool {
        guard readable else { return false }
        let scratch = generator.scratch
        do {
            switch try socket.receive(into: scratch) {
            case .processed(let count):
                consume(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                return true
            case .wouldBlock:
                readable = false
            case .endOfStream:
                readable = false
                fail("the server closed the connection \(state == .head ? "before the response head" : "\(remaining) bytes before the end of the body")")
            }
        } catch {
            fail("\(error)")
        }
        return false
    }

    private func consume(_ bytes: UnsafeRawBufferPointer) {
        let now = Instant.now()
        if transfer.firstByte == nil { transfer.firstByte = now }
        var body = bytes
        if state == .head {
            let earlier = pendingHead.count
            let parsed: (head: HTTPResponseHead, consumed: Int)?
            do {
                if earlier == 0 {
                    parsed = try parser.parseResponse(bytes)
                } else {
                    pendingHead.append(contentsOf: bytes)
                    parsed = try pendingHead.withUnsafeBytes { try parser.parseResponse($0) }
                }
            } catch {
                fail("bad response head: \(error)")
                return
            }
            guard let (head, consumed) = parsed else {
                if earlier == 0 { pendingHead.append(contentsOf: bytes) }
                return
            }
            guard case .contentLength(let length)? = try? BodyFraming.response(head, requestMethod: .get) else {
                fail("the response has no Content-Length")
                return
            }
            transfer.status = head.status
            transfer.head = now
            remaining = length
            state = .body
            body = UnsafeRawBufferPointer(rebasing: bytes[(consumed - earlier)...])
        }
        guard body.count <= remaining else {
            fail("\(body.count - Int(remaining)) bytes arrived after the end of the body")
            return
        }
        if let seed, !body.isEmpty, let index = try? Payload.firstMismatch(in: body, seed: seed, offset: transfer.bodyBytes) {
            fail("body byte \(transfer.bodyBytes + Int64(index)) is not the payload")
            return
        }
        transfer.bodyBytes += Int64(body.count)
        remaining -= Int64(body.count)
        if remaining == 0 {
            transfer.end = now
            state = .idle
            endExchange()
        }
    }

    private func endExchange() {
        guard inExchange else { return }
        inExchange = false
        generator.exchangeEnded(self)
    }
}
