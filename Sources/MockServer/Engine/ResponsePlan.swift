import NetworkCore

/// A response the engine will send: status, headers and which bytes of which body.
///
/// Endpoints build plans; faults and the link then decide how (and whether) the plan reaches
/// the client. The engine adds `Content-Length`, `Date`, `Server` and `Connection`.
struct ResponsePlan {
    var status: Int
    var headers: HeaderFields
    var body: BodySource
    /// The bytes of `body` to send (a range request sends part of it).
    var range: Range<Int64>
    /// HEAD: announce the body, send none of it.
    var omitBody = false

    init(status: Int, headers: HeaderFields = [:], body: BodySource = .bytes([]), range: Range<Int64>? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.range = range ?? 0..<body.length
    }

    /// A short `text/plain` response, as errors and `/status/{code}` send.
    static func text(_ status: Int, _ text: String) -> ResponsePlan {
        let bodyless = status == 204 || status == 304
        return ResponsePlan(
            status: status,
            headers: bodyless ? [:] : ["Content-Type": "text/plain; charset=utf-8"],
            body: .bytes(bodyless ? [] : Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
        )
    }

    /// An `application/json` response.
    static func json(_ status: Int, _ object: Any) -> ResponsePlan {
        ResponsePlan(status: status, headers: ["Content-Type": "application/json"], body: .bytes(JSON.encode(object)))
    }

    /// The number of body bytes announced in `Content-Length`.
    var contentLength: Int64 { range.upperBound - range.lowerBound }
}

/// Where body bytes come from. Large bodies are produced piece by piece while sending, so
/// serving 10 GB needs no more memory than serving 10 KB.
enum BodySource {
    /// Bytes in memory.
    case bytes([UInt8])
    /// The deterministic payload for a seed, `length` bytes long.
    case payload(seed: UInt64, length: Int64)
    /// An open file.
    case file(FileBody)
    /// A handler's stream, sent as its chunks arrive.
    case stream(StreamBody)

    /// The body's length; for a stream of unknown length, `Int64.max` (it ends when the
    /// stream does).
    var length: Int64 {
        switch self {
        case .bytes(let bytes): Int64(bytes.count)
        case .payload(_, let length): length
        case .file(let file): file.size
        case .stream(let stream): stream.declaredLength ?? .max
        }
    }

    /// The stream, when the body is one.
    var stream: StreamBody? {
        if case .stream(let stream) = self { stream } else { nil }
    }

    /// Copies body bytes `[offset, offset + buffer.count)` into `buffer`; returns how many it
    /// copied (fewer only when a file shrank under us).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        switch self {
        case .bytes(let bytes):
            let start = Int(offset)
            let count = min(buffer.count, bytes.count - start)
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + start, byteCount: count)
            }
            return count
        case .payload(let seed, _):
            Payload.fill(buffer, seed: seed, offset: offset)
            return buffer.count
        case .file(let file):
            return file.read(into: buffer, at: offset)
        case .stream(let stream):
            return stream.read(into: buffer, at: offset)
        }
    }
}
