import NetworkCore

/// The responses in the bytes a server sent on one connection, read with the package's own
/// response parser: what a strict client would make of them.
struct ReceivedResponses {
    /// One complete final response (interim 1xx responses are skipped).
    struct Response {
        var status: Int
        var headers: HeaderFields
        var body: [UInt8]
    }

    /// The complete responses, in order.
    private(set) var responses: [Response] = []
    /// Why the bytes after the last complete response are not a response, if they are not
    /// (a malformed head, or a body shorter than announced).
    private(set) var problem: String?

    /// Reads one response per method in `methods` (a HEAD response has no body) from `bytes`.
    init(_ bytes: [UInt8], methods: [RequestMethod]) {
        var offset = 0
        for method in methods where offset < bytes.count {
            var parser = HTTPHeadParser()
            var head: HTTPResponseHead?
            do {
                while head == nil || head!.status < 200 {
                    guard let (parsed, consumed) = try bytes[offset...].withUnsafeBytes({ try parser.parseResponse($0) }) else {
                        problem = "an incomplete response head after \(offset) bytes"
                        return
                    }
                    head = parsed
                    offset += consumed
                }
                let length: Int
                switch try BodyFraming.response(head!, requestMethod: method) {
                case .none: length = 0
                case .contentLength(let count): length = Int(count)
                case .untilClose: length = bytes.count - offset
                case .chunked:
                    problem = "a chunked body, which the mock server never sends"
                    return
                }
                guard bytes.count - offset >= length else {
                    problem = "a body of \(bytes.count - offset) bytes where \(length) were announced"
                    return
                }
                responses.append(Response(status: head!.status, headers: head!.headers, body: Array(bytes[offset..<(offset + length)])))
                offset += length
            } catch {
                problem = "not an HTTP response: \(error)"
                return
            }
        }
        if problem == nil && offset < bytes.count { problem = "\(bytes.count - offset) bytes after the last response" }
    }
}
