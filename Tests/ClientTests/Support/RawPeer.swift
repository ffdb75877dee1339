import Foundation
import NetworkCore
import Synchronization

/// A loopback HTTP peer run by plain threads, writing exactly the bytes a test asks for
/// (chunked bodies, bad heads, cut bodies, silences), and sharing no code with the clients.
///
/// Each accepted connection gets its own thread running `handle` with the connection and its
/// number (0, 1, ... in accept order).
final class RawPeer: Sendable {
    let port: Int
    private let listener: Socket
    private let accepted = Counter()

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    init(_ handle: @escaping @Sendable (PeerConnection, Int) -> Void) throws {
        listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        try listener.setNonBlocking(false)
        port = try listener.localAddress().port
        let listener = self.listener
        let accepted = self.accepted
        // Only this thread closes the listener, once accept fails (deinit shuts it down): a
        // close from deinit could come between two accepts, and the next one would then take
        // a connection from whatever socket got the descriptor's number meanwhile.
        Thread.detachNewThread {
            while true {
                let fd = Glibc.accept(listener.fd, nil, nil)
                guard fd >= 0 else {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    listener.close()
                    return
                }
                let number = accepted.value.add(1, ordering: .relaxed).oldValue
                Thread.detachNewThread { handle(PeerConnection(socket: Socket(fd: fd)), number) }
            }
        }
    }

    /// Connections accepted so far.
    var connections: Int { accepted.value.load(ordering: .relaxed) }

    /// A peer answering each request with `respond(path)` on kept-alive connections; nil
    /// closes the connection without an answer.
    convenience init(serving respond: @escaping @Sendable (_ path: String) -> String?) throws {
        try self.init { connection, _ in
            while let request = connection.readRequest() {
                let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
                guard let response = respond(path) else { break }
                connection.write(response)
            }
            connection.close()
        }
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    deinit {
        listener.shutdownBoth()
    }
}

/// One connection of a ``RawPeer``, used from its thread with blocking calls.
struct PeerConnection: Sendable {
    let socket: Socket

    /// Reads one request head; nil when the client closed first.
    func readRequest() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while !bytes.ends(with: Array("\r\n\r\n".utf8)) {
            guard Glibc.recv(socket.fd, &byte, 1, 0) == 1 else { return nil }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            offset += count
        }
    }

    /// Blocks until the client closes the connection (or sends something).
    func waitForClose() {
        var byte: UInt8 = 0
        _ = Glibc.recv(socket.fd, &byte, 1, 0)
    }

    func close() { socket.close() }

    /// Closes with a reset (RST) instead of a clean close.
    func reset() {
        socket.setResetOnClose()
        socket.close()
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

/// `HTTP/1.1 200` with `body` and its `Content-Length`.
func okResponse(_ body: String, headers: String = "") -> String {
    "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\(headers)\r\n\(body)"
}
