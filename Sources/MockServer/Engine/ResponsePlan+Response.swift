import NetworkCore

extension ResponsePlan {
    /// The plan for a route handler's response to `context`'s request: its bytes, its payload
    /// (with ranges and `ETag`, as `/bytes` serves it; the server's seed unless the response
    /// names one), or its stream, whose chunks (or a proxy's socket body) arrive on `loop`.
    ///
    /// A plan that will not be sent (the client left while the handler ran) must still be
    /// cancelled, so that a stream's producer stops.
    init(_ response: MockServer.Response, context: RequestContext, loop: EventLoop) {
        switch response.body {
        case .bytes(let bytes):
            self.init(status: response.status, headers: response.headers, body: BytesBody(bytes))
        case .payload(let size, let seed):
            let seed = seed ?? context.state.seed
            self = RangedResponse.plan(
                body: PayloadBody(seed: seed, length: max(0, size)), etag: Payload.etag(seed: seed, size: max(0, size)),
                headers: response.headers, context
            )
            if status == 200 { status = response.status }
        case .stream(let length, let chunks):
            if let direct = response.socketBody {
                self.init(status: response.status, headers: response.headers, body: direct(loop))
            } else {
                let stream = StreamBody(declaredLength: length, chunks: chunks, loop: loop)
                stream.failure = response.streamFailure
                self.init(status: response.status, headers: response.headers, body: stream)
            }
        }
    }
}
