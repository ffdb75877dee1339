import NetworkCore

/// A response the engine will send: status, headers and which bytes of which body.
///
/// Endpoints build plans; faults and the link then decide how (and whether) the plan reaches
/// the client. The engine adds `Content-Length`, `Date`, `Server` and `Connection`.
struct ResponsePlan {
    var status: Int
    var headers: HeaderFields
    var body: any BodySource
    /// The bytes of `body` to send (a range request sends part of it).
    var range: Range<Int64>
    /// HEAD: announce the body, send none of it.
    var omitBody = false

    init(status: Int, headers: HeaderFields = [:], body: any BodySource = BytesBody([]), range: Range<Int64>? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.range = range ?? 0..<(body.length ?? .max)
    }

    /// A short `text/plain` response, as errors and `/status/{code}` send.
    static func text(_ status: Int, _ text: String) -> ResponsePlan {
        let bodyless = status == 204 || status == 304
        return ResponsePlan(
            status: status,
            headers: bodyless ? [:] : ["Content-Type": "text/plain; charset=utf-8"],
            body: BytesBody(bodyless ? [] : Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
        )
    }

    /// An `application/json` response.
    static func json(_ status: Int, _ object: Any) -> ResponsePlan {
        ResponsePlan(status: status, headers: ["Content-Type": "application/json"], body: BytesBody(JSON.encode(object)))
    }

    /// The number of body bytes announced in `Content-Length` (`Int64.max` for a body whose
    /// length is not known: it ends when its source does).
    var contentLength: Int64 { range.upperBound - range.lowerBound }

    /// The body's stream, when it is one.
    var stream: StreamBody? { body as? StreamBody }
}
