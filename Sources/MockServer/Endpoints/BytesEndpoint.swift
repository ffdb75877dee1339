import NetworkCore

extension EndpointGroup {
    static let bytes = EndpointGroup(index: [
        EndpointDescription("GET|HEAD", "/bytes/{size}", "deterministic bytes (4096, 10MB, 1.5GiB); ?seed=N; Range; Want-Repr-Digest: sha-256"),
    ], [
        Endpoint([.get, .head], "/bytes/{size}") { context, captures in BytesEndpoint.respond(size: captures["size"]!, context) },
    ])
}

/// `/bytes/{size}`: the deterministic payload (see ``Payload``), with ranges and validators.
enum BytesEndpoint {
    static func respond(size text: String, _ context: RequestContext) -> ResponsePlan {
        let decoded = PercentEncoding.decode(text) ?? text
        let size: Int64
        do {
            size = try ByteCount(parsing: decoded).bytes
        } catch {
            return .text(400, error.description)
        }
        guard let seed = seed(context) else {
            return .text(400, "seed: \"\(context.query("seed") ?? "")\" is not a seed; use a whole number from 0 to \(UInt64.max)")
        }
        let etag = Payload.etag(seed: seed, size: size)
        return RangedResponse.plan(
            body: PayloadBody(seed: seed, length: size), etag: etag,
            headers: ["Content-Type": "application/octet-stream"], context
        )
    }

    /// The payload seed: `?seed=N`, else the server's.
    static func seed(_ context: RequestContext) -> UInt64? {
        guard let text = context.query("seed") else { return context.state.seed }
        return UInt64(text)
    }
}

/// The part `/bytes` and `/fixtures` share: `ETag`, `Accept-Ranges`, and 200/206/416.
enum RangedResponse {
    static func plan(body: some StaticBodySource, etag: String, headers: HeaderFields, _ context: RequestContext) -> ResponsePlan {
        var headers = headers
        headers.reserveCapacity(headers.count + 3)
        headers.set("ETag", etag)
        headers.set("Accept-Ranges", "bytes")
        let size = body.size
        var plan: ResponsePlan
        switch ByteRange.resolve(range: context.head.headers["Range"], ifRange: context.head.headers["If-Range"], etag: etag, size: size) {
        case .whole:
            plan = ResponsePlan(status: 200, headers: headers, body: body)
        case .partial(let range):
            headers.set("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)")
            plan = ResponsePlan(status: 206, headers: headers, body: body, range: range)
        case .unsatisfiable:
            plan = .text(416, "range not satisfiable: the representation has \(size) bytes")
            plan.headers.set("Content-Range", "bytes */\(size)")
            plan.headers.set("ETag", etag)
            plan.headers.set("Accept-Ranges", "bytes")
        }
        return plan
    }
}
