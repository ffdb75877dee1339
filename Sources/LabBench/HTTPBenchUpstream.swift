import Foundation
import NetworkCore

/// What the HTTP proxy benchmark's upstream does with a connection: a minimal HTTP/1.1
/// server. `GET /N` answers N payload bytes with a `Content-Length`; connections stay open.
enum HTTPBenchUpstream {
    /// A started upstream.
    static func start() throws(BenchError) -> BenchUpstream {
        try BenchUpstream(name: "lab-bench-http-upstream", serve: serve)
    }

    private static func serve(_ socket: Socket, payload: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var pending: [UInt8] = []
        while true {
            // The benchmark's requests are small and never pipelined: read up to the blank line.
            while pending.firstRange(of: [13, 10, 13, 10]) == nil {
                guard case .processed(let count)? = try? socket.receive(into: buffer) else { return }
                pending.append(contentsOf: buffer[..<count])
            }
            let end = pending.firstRange(of: [13, 10, 13, 10])!.upperBound
            let line = String(decoding: pending[..<(pending.firstIndex(of: 13) ?? 0)], as: UTF8.self)
            pending.removeFirst(end)
            let target = line.split(separator: " ").dropFirst().first ?? "/0"
            let size = Int64(target.dropFirst()) ?? 0
            guard send(Array("HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nContent-Type: application/octet-stream\r\n\r\n".utf8), socket) else { return }
            var left = size
            while left > 0 {
                let count = Int(min(left, Int64(payload.count)))
                guard send(payload[..<count], socket) else { return }
                left -= Int64(count)
            }
        }
    }

    private static func send(_ bytes: some Collection<UInt8> & ContiguousBytes, _ socket: Socket) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard case .processed(let count)? = try? socket.send(UnsafeRawBufferPointer(rebasing: raw[offset...])) else { return false }
                offset += count
            }
            return true
        }
    }
}
