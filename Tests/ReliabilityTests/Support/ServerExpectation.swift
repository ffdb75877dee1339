import MockServer
import NetworkCore

/// What a server must do with the bytes sent on one connection before the client half-closes
/// it, request by request, as the package's own parsers read those bytes.
///
/// The randomized test holds the live server to this: the server answers each request the
/// parsers accept, refuses with the parser's status the first one they refuse, and closes
/// without a word on a request cut short by the client's close.
enum ServerExpectation: Equatable, CustomStringConvertible {
    /// A well-formed request: any status may answer it (a 404, a 416, a 400 for a bad query).
    case answered(RequestMethod)
    /// A malformed or oversized request: one of these statuses, then the connection closes.
    case refused(Set<Int>, RequestMethod)
    /// An incomplete request at the end of the input: closed without a response.
    case closed

    var description: String {
        switch self {
        case .answered(let method): "an answer to a \(method)"
        case .refused(let statuses, _): "a refusal with \(statuses.sorted().map(String.init).joined(separator: " or "))"
        case .closed: "a close without a response"
        }
    }

    /// The expectations for `bytes` on a server with `limits`, in order; the list ends where
    /// the server stops reading (a refusal, a request that closes the connection, or the end).
    static func of(_ bytes: [UInt8], limits: MockServer.Limits) -> [ServerExpectation] {
        var expectations: [ServerExpectation] = []
        var offset = 0
        let httpLimits = HTTPLimits(
            maxRequestLine: limits.maxRequestLine, maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount
        )
        while offset < bytes.count {
            var parser = HTTPHeadParser(limits: httpLimits)
            let parsed: (head: HTTPRequestHead, consumed: Int)?
            do {
                parsed = try bytes[offset...].withUnsafeBytes { try parser.parseRequest($0) }
            } catch let error as HTTPParseError {
                return expectations + [.refused([error.status], .get)]
            } catch {
                preconditionFailure("the parser throws only HTTPParseError")
            }
            guard let (head, consumed) = parsed else { return expectations + [.closed] }
            offset += consumed
            let framing: BodyFraming
            do {
                framing = try BodyFraming.request(head)
            } catch {
                return expectations + [.refused([error.status], head.method)]
            }
            switch framing {
            case .none, .untilClose:
                break
            case .contentLength(let length):
                if length > limits.maxRequestBody { return expectations + [.refused([413], head.method)] }
                if Int64(bytes.count - offset) < length { return expectations + [.closed] }
                offset += Int(length)
            case .chunked:
                var decoder = ChunkedDecoder()
                var received: Int64 = 0
                var overLimit = false
                do {
                    offset += try bytes[offset...].withUnsafeBytes { buffer in
                        try decoder.decode(buffer) { piece in
                            received += Int64(piece.count)
                            overLimit = overLimit || received > limits.maxRequestBody
                        }
                    }
                } catch {
                    // Whether the limit or the error comes first depends on how the bytes
                    // arrive in reads; either answer is right.
                    return expectations + [.refused(overLimit ? [400, 413] : [400], head.method)]
                }
                if overLimit { return expectations + [.refused([413], head.method)] }
                if !decoder.isComplete { return expectations + [.closed] }
            }
            guard QueryItems(head.query ?? "") != nil else { return expectations + [.refused([400], head.method)] }
            expectations.append(.answered(head.method))
            if !head.keepAlive { return expectations }
        }
        return expectations
    }

    /// The method whose response framing applies to the answer.
    var method: RequestMethod {
        switch self {
        case .answered(let method), .refused(_, let method): method
        case .closed: .get
        }
    }
}
