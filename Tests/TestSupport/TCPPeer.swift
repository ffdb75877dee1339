import Foundation

/// A third-party TCP server for proxy tests, started as a child process: Python's `socket`
/// module serving `echo` (every byte back, FIN after the client's FIN) or `send N` (N
/// deterministic bytes, byte i = i mod 251, then FIN), or `redis-server`.
///
/// ```swift
/// let upstream = try await TCPPeer.python(.send(1_000_000))
/// // ... proxy to upstream.address ...
/// upstream.stop()
/// ```
package final class TCPPeer: Sendable {
    /// What the Python server does with each connection.
    package enum Behaviour: Sendable {
        case echo
        case send(Int)
    }

    /// The port it listens on (127.0.0.1).
    package let port: Int
    private let process: Process

    /// `127.0.0.1:PORT`.
    package var address: String { "127.0.0.1:\(port)" }

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    deinit { stop() }

    /// The bytes `send N` sends: byte i is i mod 251.
    package static func pattern(_ count: Int) -> [UInt8] {
        .cycling((0..<251).map { UInt8($0) }, count: count)
    }

    private static let script = """
        import socket, sys, threading
        mode, count = sys.argv[1], int(sys.argv[2])
        data = (bytes(range(251)) * (count // 251 + 1))[:count]
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(1024)
        print(server.getsockname()[1], flush=True)
        def serve(conn):
            try:
                if mode == "echo":
                    while True:
                        chunk = conn.recv(65536)
                        if not chunk: break
                        conn.sendall(chunk)
                else:
                    conn.sendall(data)
                    conn.shutdown(socket.SHUT_WR)
                    while conn.recv(65536): pass
            except OSError:
                pass
            conn.close()
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        """

    /// Starts the Python server and returns once it listens.
    package static func python(_ behaviour: Behaviour) async throws -> TCPPeer {
        let arguments: [String]
        switch behaviour {
        case .echo: arguments = ["echo", "0"]
        case .send(let count): arguments = ["send", "\(count)"]
        }
        return try await start(["python3", "-u", "-c", script] + arguments, port: nil)
    }

    /// Starts `redis-server` on a free port, without persistence, and returns once it answers.
    package static func redis() async throws -> TCPPeer {
        let port = try freePort()
        let peer = try await start(
            ["redis-server", "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], port: port)
        try await waitUntil(timeout: 10) { (try? await blocking { try TCPPeer.canConnect(port) }) == true }
        return peer
    }

    private static func start(_ command: [String], port: Int?) async throws -> TCPPeer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        // A pipe only when the port is to be read from it: none is opened only to be dropped.
        let output = port == nil ? Pipe() : nil
        process.standardOutput = output.map { $0 as Any } ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.runTied()
        } catch {
            throw TestSetupError("cannot start \(command[0]): \(error); .ci/install-peers installs it")
        }
        guard let output else { return TCPPeer(port: port ?? 0, process: process) }
        let line = try await blocking { () -> String in
            var bytes: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let port = Int(line) else {
            process.terminate()
            throw TestSetupError("\(command[0]) printed no port (\"\(line)\"); is python3 installed?")
        }
        return TCPPeer(port: port, process: process)
    }

    /// Stops the server (idempotent), with SIGKILL: a child spawned from a Dispatch thread
    /// inherits its blocked signals, and `redis-server` then never saw `terminate()`'s SIGTERM
    /// (every `swift test` left one running).
    package func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A port nothing listens on now (127.0.0.1), for a peer that must be told its port.
    package static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        guard status == 0 else { throw TestSetupError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(_ port: Int) throws -> Bool {
        let client = try RawTCPClient(port: port)
        client.close()
        return true
    }
}
