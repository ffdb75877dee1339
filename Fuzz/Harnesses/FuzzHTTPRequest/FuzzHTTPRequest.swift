import FuzzChecks
import NetworkCore

/// libFuzzer entry point: the input is the bytes a client sent on a connection.
///
/// Checks that the request head parser never crashes, decides the same whether the bytes come
/// whole or in reads of any size, and that a head it accepts serializes to bytes it parses back
/// to the same head; then that body framing, the chunked decoder and the target's path and
/// query helpers hold on whatever follows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: count)
    let step = 1 + Int(input.last ?? 0) % 23
    let parsing = HeadParsing.checked(input, step: step, limits: HeadParsing<HTTPRequestHead>.fuzzLimits) { parser, bytes throws(HTTPParseError) in
        try parser.parseRequest(bytes)
    }
    guard case .head(let head, let consumed) = parsing else { return 0 }

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
    return 0
}

@_cdecl("FuzzHTTPRequest_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzerDriver.run(argc, argv, fuzzHTTPRequest)
}
