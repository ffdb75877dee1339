/// Seeded bad input for a live server: well-formed requests mutated at the byte level, requests
/// assembled from random grammar pieces, and plain random bytes. Case `index` under `seed` is
/// always the same bytes, so a failure names a case that can be replayed alone.
struct RequestGenerator {
    let seed: UInt64

    /// One case: the bytes sent on a fresh connection, and how they were made.
    struct Case {
        var bytes: [UInt8]
        var kind: String
    }

    /// A request every case may be pipelined behind, and the body the server answers it with.
    static let validRequest = Array("GET /bytes/64 HTTP/1.1\r\nHost: t\r\n\r\n".utf8)

    /// Well-formed requests for each endpoint and framing, the material of the mutations.
    /// They avoid what would make one mutation slow the whole run on purpose (latency, pacing
    /// and faults in the query, control writes, digests of huge payloads).
    static let corpus: [String] = [
        "GET /bytes/100 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /bytes/1KiB?seed=7 HTTP/1.1\r\nHost: t\r\nRange: bytes=10-99\r\n\r\n",
        "HEAD /bytes/2048 HTTP/1.1\r\nHost: t\r\nAccept: */*\r\n\r\n",
        "GET /fixtures/hello.txt HTTP/1.1\r\nHost: t\r\nIf-Range: \"x\"\r\nRange: bytes=-5\r\n\r\n",
        "GET /fixtures/site/index.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n",
        "PUT /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
        "GET /status/404 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        "DELETE /status/204 HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET http://127.0.0.1/bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /_lab/link HTTP/1.1\r\nHost: t\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /users/42?q=a%20b&x=%E2%9C%93 HTTP/1.1\r\nHost: t\r\nAccept: */*\r\nUser-Agent: fuzz/1.0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
        "\r\nGET /bytes/1 HTTP/1.1\nHost: t\n\n",
    ]

    /// Bytes and strings that sit on the grammar's edges: line ends, separators, encodings of
    /// `.` `/` and NUL, framing headers, and numbers too large for any integer.
    static let tokens: [String] = [
        "\r\n", "\r\n\r\n", "\n", "\r", "\0", " ", "\t", ":", "%", "%00", "%2e%2e/", "%2f", "../", "\\", "?", "&", "=",
        "Content-Length: 5\r\n", "Content-Length: 100000\r\n", "Content-Length: 99999999999999999999\r\n", "Content-Length: -1\r\n",
        "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Connection: close\r\n",
        "Expect: 100-continue\r\n", "Range: bytes=5-1\r\n", "X: y\r\n", " folded\r\n", "HTTP/1.1", "HTTP/2.0",
        "fffff\r\n", "ffffffffffffffff\r\n", "0\r\n\r\n", "\u{FF}\u{FE}", "é",
    ]

    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH", "BREW", "get", "G\0T", "", "GET GET"]
    static let versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "HTTP/1", "http/1.1", "HTTP/9.9", "HTTP/1.1 ", "", "HTTP/"]
    static let targetBytes = Array("/abcxyz019-._~%?&=+:@!$'()*,;[]#\\\"<> \t\0\u{7F}".utf8) + [0xC3, 0xA9, 0xFF]

    /// Case `index`: a mutated corpus request (60%), a grammar-random request (25%) or random
    /// bytes (15%), pipelined behind ``validRequest`` one time in five.
    func makeCase(_ index: Int) -> Case {
        var draws = DrawSequence(seed: seed, key: "request \(index)")
        var made: Case
        switch draws.below(100) {
        case 0..<60: made = mutated(&draws)
        case 60..<85: made = assembled(&draws)
        default: made = random(&draws)
        }
        if draws.chance(0.2) {
            made.bytes = Self.validRequest + made.bytes
            made.kind = "pipelined after a valid request, " + made.kind
        }
        return made
    }

    private func mutated(_ draws: inout DrawSequence) -> Case {
        let original = draws.below(Self.corpus.count)
        var bytes = Array(Self.corpus[original].utf8)
        let count = 1 + draws.below(4)
        var names: [String] = []
        for _ in 0..<count {
            let position = draws.below(bytes.count + 1)
            switch draws.below(8) {
            case 0:
                names.append("flip")
                if position < bytes.count { bytes[position] ^= 1 << UInt8(draws.below(8)) }
            case 1:
                names.append("replace")
                if position < bytes.count { bytes[position] = draws.byte() }
            case 2:
                names.append("insert token")
                // Half the time at a line start, where a header or a chunk line counts.
                let lineStarts = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
                let at = draws.chance(0.5) && !lineStarts.isEmpty ? draws.pick(lineStarts) : position
                bytes.insert(contentsOf: Array(draws.pick(Self.tokens).utf8), at: at)
            case 3:
                names.append("delete")
                let end = min(bytes.count, position + 1 + draws.below(16))
                bytes.removeSubrange(min(position, end)..<end)
            case 4:
                // Repeats are how mutations reach the limits: long lines, many fields, big bodies.
                names.append("repeat")
                let end = min(bytes.count, position + 1 + draws.below(24))
                let piece = Array(bytes[min(position, end)..<end])
                let times = draws.pick([2, 10, 100, 1000])
                bytes.insert(contentsOf: Array([[UInt8]](repeating: piece, count: times).joined()), at: position)
            case 5:
                names.append("truncate")
                bytes.removeSubrange(position...)
            case 6:
                names.append("random run")
                bytes.insert(contentsOf: (0..<(1 + draws.below(32))).map { _ in draws.byte() }, at: position)
            default:
                names.append("swap")
                let other = draws.below(bytes.count + 1)
                if position < bytes.count, other < bytes.count { bytes.swapAt(position, other) }
            }
        }
        return Case(bytes: bytes, kind: "corpus \(original) mutated (\(names.joined(separator: ", ")))")
    }

    private func assembled(_ draws: inout DrawSequence) -> Case {
        let lineEnd = draws.pick(["\r\n", "\r\n", "\r\n", "\n", "\r", "\n\r"])
        let target = (0..<draws.below(40)).map { _ in draws.pick(Self.targetBytes) }
        var bytes = Array(draws.pick(Self.methods).utf8) + [0x20]
            + (draws.chance(0.8) ? [UInt8(ascii: "/")] : []) + target
            + [0x20] + Array(draws.pick(Self.versions).utf8) + Array(lineEnd.utf8)
        for _ in 0..<draws.below(12) {
            let name = (0..<draws.below(12)).map { _ in draws.pick(Array("abcXYZ-_0!:; \t\0".utf8)) }
            let value = (0..<draws.below(40)).map { _ in draws.chance(0.9) ? UInt8(32 + draws.below(95)) : draws.byte() }
            bytes += name + Array(": ".utf8) + value + Array(lineEnd.utf8)
        }
        if draws.chance(0.3) { bytes += Array(draws.pick(Self.tokens).utf8) }
        bytes += Array(lineEnd.utf8)
        if draws.chance(0.3) { bytes += (0..<draws.below(64)).map { _ in draws.byte() } }
        return Case(bytes: bytes, kind: "assembled from grammar pieces")
    }

    private func random(_ draws: inout DrawSequence) -> Case {
        let length = draws.pick([0, 1, 2, 16, 100, 600, 5000])
        return Case(bytes: (0..<draws.below(length + 1)).map { _ in draws.byte() }, kind: "random bytes")
    }
}
