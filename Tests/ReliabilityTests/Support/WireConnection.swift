#if canImport(Glibc)
import Glibc
#endif
import NetworkCore
import TestSupport

/// A client connection on a blocking loopback socket that sends any bytes at all, well-formed
/// or not, and collects whatever the server answers until it closes. Its calls block: run them
/// inside ``blocking(_:)`` or on a driver thread.
final class WireConnection: @unchecked Sendable {
    // Unchecked: a test uses a connection from one thread at a time, handing it over whole.

    private let socket: Socket
    private var closed = false

    /// How the server ended the exchange, as ``readToEnd(limit:)`` saw it.
    enum End: Equatable, CustomStringConvertible {
        /// A clean close (FIN).
        case closed
        /// A reset (RST).
        case reset
        /// Still open, and silent, when the read timeout passed: the server hangs.
        case timedOut
        /// More than the limit arrived; the test stopped reading (a large but legitimate body).
        case overLimit

        var description: String {
            switch self {
            case .closed: "closed"
            case .reset: "reset"
            case .timedOut: "timed out"
            case .overLimit: "over the read limit"
            }
        }
    }

    /// Connects to `127.0.0.1:port`; reads give up after `readTimeout` seconds of silence.
    init(port: Int, readTimeout: Double = 10) throws(SocketError) {
        BlockingCallCheck.offThePool("WireConnection(port:)")
        // The socket is closed here, before `self.socket` is set: once every property is set,
        // a throwing init runs deinit, which would close it a second time (then perhaps another
        // thread's socket that took the number meanwhile).
        let socket = try Socket.tcp(family: AF_INET, nonBlocking: false)
        do throws(SocketError) {
            _ = try socket.connect(to: SocketAddress(numericHost: "127.0.0.1", port: port)!)
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
        setReadTimeout(readTimeout)
    }

    /// Reads give up after `seconds` of silence from now on.
    func setReadTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(seconds.truncatingRemainder(dividingBy: 1) * 1e6))
        _ = setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    /// Sends all of `bytes`; false if the server closed or reset the connection first, which
    /// a server may rightly do once it has refused the start of a request.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        BlockingCallCheck.offThePool("WireConnection.send")
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(SocketError) in try socket.send(UnsafeRawBufferPointer(rebasing: buffer[offset...])) }
            }
            guard case .success(.processed(let count)) = result else { return false }
            offset += count
        }
        return true
    }

    /// Ends our sending side: the server reads end of stream after what was sent.
    func shutdownWrite() {
        socket.shutdownWrite()
    }

    /// Reads until the server closes, resets, falls silent for the read timeout, or sends more
    /// than `limit` bytes.
    func readToEnd(limit: Int = 1 << 20) -> (bytes: [UInt8], end: End) {
        BlockingCallCheck.offThePool("WireConnection.readToEnd")
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let result = buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(SocketError) in try socket.receive(into: bytes) }
            }
            switch result {
            case .success(.processed(let count)):
                received += buffer[..<count]
                if received.count > limit { return (received, .overLimit) }
            case .success(.endOfStream):
                return (received, .closed)
            case .success(.wouldBlock):
                return (received, .timedOut)
            case .failure(let error):
                return (received, error.isReset ? .reset : .timedOut)
            }
        }
    }

    /// One read: what has arrived (waiting up to the read timeout for something), empty at the
    /// end of the connection or on an error.
    func readAvailable() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let result = buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(SocketError) in try socket.receive(into: bytes) }
        }
        guard case .success(.processed(let count)) = result else { return [] }
        return Array(buffer[..<count])
    }

    /// Reads until one whole response (to a GET) has arrived; nil if the connection ends or
    /// falls silent first.
    func readResponse() -> ReceivedResponses.Response? {
        BlockingCallCheck.offThePool("WireConnection.readResponse")
        var received: [UInt8] = []
        while true {
            if let response = ReceivedResponses(received, methods: [.get]).responses.first { return response }
            let more = readAvailable()
            if more.isEmpty { return nil }
            received += more
        }
    }

    /// Waits up to `seconds` for bytes or the end of the connection; true if either came.
    func waitReadable(seconds: Double) -> Bool {
        if seconds > 0 { BlockingCallCheck.offThePool("WireConnection.waitReadable") }
        var descriptor = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(seconds * 1000)) > 0
    }

    func close() {
        guard !closed else { return }
        closed = true
        socket.close()
    }
}
