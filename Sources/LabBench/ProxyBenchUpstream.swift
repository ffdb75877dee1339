import NetworkCore

/// What the TCP proxy benchmark's upstream does with a connection: its first byte picks.
/// `S` and an 8-byte big-endian count: that many payload bytes, then FIN. `E`: every byte
/// echoed.
enum ProxyBenchUpstream {
    /// A started upstream.
    static func start() throws(BenchError) -> BenchUpstream {
        try BenchUpstream(name: "lab-bench-proxy-upstream", serve: serve)
    }

    /// The request for `count` bytes.
    static func request(bytes count: Int64) -> [UInt8] {
        [UInt8(ascii: "S")] + (0..<8).map { UInt8(truncatingIfNeeded: count >> (56 - 8 * $0)) }
    }

    private static func serve(_ socket: Socket, payload: [UInt8]) {
        socket.setNoDelay()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        guard let command = try? PlainReader.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1])), command == 1 else { return }
        if buffer[0] == UInt8(ascii: "E") {
            while let count = try? PlainReader.receive(socket, into: buffer), count > 0 {
                guard (try? PlainReader.write(Array(buffer[0..<count]), to: socket)) != nil else { return }
            }
            return
        }
        var header = [UInt8](repeating: 0, count: 8)
        var got = 0
        while got < 8 {
            guard let count = try? header.withUnsafeMutableBytes({ bytes in
                try PlainReader.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: bytes[got...]))
            }), count > 0 else { return }
            got += count
        }
        var left = header.reduce(Int64(0)) { $0 << 8 | Int64($1) }
        while left > 0 {
            let size = Int(min(Int64(payload.count), left))
            let result = payload.withUnsafeBytes { try? socket.send(UnsafeRawBufferPointer(rebasing: $0[..<size])) }
            guard case .processed(let count)? = result else { return }
            left -= Int64(count)
        }
        socket.shutdownWrite()
    }
}
