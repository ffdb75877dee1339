import NetworkCore

/// The harnesses' checks, one call per input: libFuzzer calls them from the harnesses, and the
/// unit test `FuzzCorpusTests` replays `Fuzz/Corpus` through them in every `swift test`.
package enum HarnessChecks {
    /// The input is the bytes a client sent on a connection.
    ///
    /// Checks that the request head parser never crashes, decides the same whether the bytes
    /// come whole or in reads of any size, and that a head it accepts serializes to bytes it
    /// parses back to the same head; then that body framing, the chunked decoder and the
    /// target's path and query helpers hold on whatever follows.
    package static func request(_ input: UnsafeRawBufferPointer) {
        let step = 1 + Int(input.last ?? 0) % 23
        let parsing = HeadParsing.checked(input, step: step, limits: HeadParsing<HTTPRequestHead>.fuzzLimits) { parser, bytes throws(HTTPParseError) in
            try parser.parseRequest(bytes)
        }
        guard case .head(let head, let consumed) = parsing else { return }

        let serialized = head.serialized()
        let reparsed = serialized.withUnsafeBytes { bytes in
            HeadParsing.checked(bytes, step: serialized.count, limits: HeadParsing<HTTPRequestHead>.roomyLimits) { parser, bytes throws(HTTPParseError) in
                try parser.parseRequest(bytes)
            }
        }
        invariant(reparsed == .head(head, consumed: serialized.count), "round trip: \(head) gave \(reparsed)")

        _ = head.keepAlive
        _ = head.expectsContinue
        let path = head.path
        invariant(head.target.utf8.count >= path.utf8.count || path == "/")
        _ = PercentEncoding.decode(path)
        if let query = head.query, let items = QueryItems(query) {
            for item in items { _ = item.name.utf8.count + item.value.utf8.count }
        }
        let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
        if BodyChecks.framing({ () throws(HTTPParseError) in try BodyFraming.request(head) }) == .chunked {
            BodyChecks.chunked(rest, step: step)
        }
    }

    /// The first byte picks the request method the response answers (GET, HEAD or CONNECT),
    /// the rest is the bytes a server sent.
    ///
    /// Checks that the response head parser never crashes, decides the same whether the bytes
    /// come whole or in reads of any size, gives statuses of three digits, and that a head it
    /// accepts serializes to bytes it parses back to the same head; then that body framing and
    /// the chunked decoder hold on whatever follows.
    package static func response(_ data: UnsafeRawBufferPointer) {
        guard let first = data.first else { return }
        let method: RequestMethod = [.get, .head, .connect][Int(first) % 3]
        let input = UnsafeRawBufferPointer(rebasing: data.dropFirst())
        let step = 1 + Int(first / 3) % 23
        let parsing = HeadParsing.checked(input, step: step, limits: HeadParsing<HTTPResponseHead>.fuzzLimits) { parser, bytes throws(HTTPParseError) in
            try parser.parseResponse(bytes)
        }
        guard case .head(let head, let consumed) = parsing else { return }
        invariant((100...999).contains(head.status), "status \(head.status)")

        let serialized = head.serialized()
        let reparsed = serialized.withUnsafeBytes { bytes in
            HeadParsing.checked(bytes, step: serialized.count, limits: HeadParsing<HTTPResponseHead>.roomyLimits) { parser, bytes throws(HTTPParseError) in
                try parser.parseResponse(bytes)
            }
        }
        invariant(reparsed == .head(head, consumed: serialized.count), "round trip: \(head) gave \(reparsed)")

        _ = head.keepAlive
        let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
        if BodyChecks.framing({ () throws(HTTPParseError) in try BodyFraming.response(head, requestMethod: method) }) == .chunked {
            BodyChecks.chunked(rest, step: step)
        }
    }
}
