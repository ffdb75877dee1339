import FuzzChecks
import NetworkCore

/// libFuzzer entry point: the first byte picks the request method the response answers (GET,
/// HEAD or CONNECT), the rest is the bytes a server sent.
///
/// Checks that the response head parser never crashes, decides the same whether the bytes come
/// whole or in reads of any size, gives statuses of three digits, and that a head it accepts
/// serializes to bytes it parses back to the same head; then that body framing and the chunked
/// decoder hold on whatever follows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard count > 0, let data else { return 0 }
    let method: RequestMethod = [.get, .head, .connect][Int(data[0]) % 3]
    let input = UnsafeRawBufferPointer(start: data + 1, count: count - 1)
    let step = 1 + Int(data[0] / 3) % 23
    let parsing = HeadParsing.checked(input, step: step, limits: HeadParsing<HTTPResponseHead>.fuzzLimits) { parser, bytes throws(HTTPParseError) in
        try parser.parseResponse(bytes)
    }
    guard case .head(let head, let consumed) = parsing else { return 0 }
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
    return 0
}

@_cdecl("FuzzHTTPResponse_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzerDriver.run(argc, argv, fuzzHTTPResponse)
}
