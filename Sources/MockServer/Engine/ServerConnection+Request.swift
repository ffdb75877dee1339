import NetworkCore

/// Reading a request: its head, its body (paced like an upload), then routing it and deciding
/// its link and fault.
extension ServerConnection {
    /// Parses a head from `input`; true when the state changed.
    func parseHead() -> Bool {
        let parsed: (head: HTTPRequestHead, consumed: Int)?
        do {
            parsed = try input.withUnsafeBytes { try parser.parseRequest($0) }
        } catch let error as HTTPParseError {
            reject(status: error.status, message: error.description)
            return true
        } catch {
            reject(status: 400, message: "\(error)")
            return true
        }
        guard let (head, consumed) = parsed else {
            if headStartedAt == nil {
                let now = Instant.now()
                headStartedAt = now
                setWatchdog(now + engine.state.limits.headerTimeout)
            }
            return false
        }
        input.removeFirst(consumed)
        headStartedAt = nil
        begin(head)
        return true
    }

    func begin(_ head: HTTPRequestHead) {
        let headAt = Instant.now()
        let framing: BodyFraming
        do {
            framing = try BodyFraming.request(head)
        } catch {
            reject(status: error.status, message: error.description, head: head)
            return
        }
        let limit = engine.state.limits.maxRequestBody
        var reader = BodyReader(
            head: head, headAt: headAt, remaining: nil, chunked: nil,
            collect: engine.state.table.needsBody(head)
        )
        switch framing {
        case .none, .untilClose:
            complete(head, body: [], headAt: headAt)
            return
        case .contentLength(let length):
            guard length <= limit else {
                reject(status: 413, message: "request body of \(length) bytes is over the limit of \(limit) bytes", head: head)
                return
            }
            guard length > 0 else {
                complete(head, body: [], headAt: headAt)
                return
            }
            reader.remaining = length
        case .chunked:
            reader.chunked = ChunkedDecoder()
        }
        if head.expectsContinue && head.version == .http1_1 {
            _ = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8).withUnsafeBytes { try? socket.send($0) }
        }
        if let cap = uploadCap(for: head) ?? nil, cap > 0 {
            reader.flow = engine.addUploadFlow(cap: cap, owner: self)
        } else if engine.state.link.uploadLinkBandwidth != nil {
            reader.flow = engine.addUploadFlow(cap: nil, owner: self)
        }
        bodyReader = reader
        phase = .readingBody
        noteActivity()
    }

    /// The request's upload cap: its `upload-bandwidth` query parameter, else the link's.
    func uploadCap(for head: HTTPRequestHead) -> Double?? {
        guard let query = QueryItems(head.query ?? ""),
              let link = try? engine.state.link.overriding(query: Array(query)) else { return nil }
        return link.uploadBandwidth?.bytesPerSecond
    }

    /// How many body bytes the upload pacing lets the server take now: at least a whole chunk
    /// (or the rest of the body, or the full burst), as for responses; nil, with a timer for
    /// that chunk, when none (taking every trickle of credit would spin the loop).
    func uploadAllowance() -> Int? {
        guard let reader = bodyReader, let flow = reader.flow else { return .max }
        let now = Instant.now()
        let chunk = Int64(engine.uplink.chunkSize(for: flow))
        let wanted = Int(max(1, min(chunk, reader.remaining ?? chunk)))
        if let deadline = engine.uplink.deadline(flow, forBytes: wanted, at: now), deadline > now {
            wake(at: deadline)
            return nil
        }
        return engine.uplink.available(flow, at: now)
    }

    /// Moves as many body bytes from `input` into the reader as the upload pacing allows
    /// (those that came in with the head too); true when it took some or the body ended.
    func consumeBody() -> Bool {
        guard var reader = bodyReader, !input.isEmpty, let allowance = uploadAllowance() else { return false }
        let limit = engine.state.limits.maxRequestBody
        let window = min(input.count, allowance)
        var done = false
        let consumed: Int
        if let remaining = reader.remaining {
            consumed = Int(min(Int64(window), remaining))
            if reader.collect { reader.collected.append(contentsOf: input[..<consumed]) }
            input.removeFirst(consumed)
            reader.remaining = remaining - Int64(consumed)
            reader.received += Int64(consumed)
            done = reader.remaining == 0
        } else if var decoder = reader.chunked {
            do {
                consumed = try input.withUnsafeBytes { buffer in
                    try decoder.decode(UnsafeRawBufferPointer(rebasing: buffer[..<window])) { piece in
                        reader.received += Int64(piece.count)
                        if reader.collect && reader.received <= limit { reader.collected.append(contentsOf: piece) }
                    }
                }
            } catch {
                finishUpload(reader)
                reject(status: 400, message: "\(error)", head: reader.head, headAt: reader.headAt)
                return true
            }
            input.removeFirst(consumed)
            reader.chunked = decoder
            done = decoder.isComplete
            if reader.received > limit {
                finishUpload(reader)
                reject(status: 413, message: "request body is over the limit of \(limit) bytes", head: reader.head, headAt: reader.headAt)
                return true
            }
        } else {
            return false
        }
        if let flow = reader.flow { engine.uplink.consume(flow, bytes: consumed, at: Instant.now()) }
        noteActivity()
        bodyReader = reader
        guard done else { return consumed > 0 }
        finishUpload(reader)
        complete(reader.head, body: reader.collected, headAt: reader.headAt)
        return true
    }

    func finishUpload(_ reader: BodyReader) {
        if let flow = reader.flow { engine.removeUploadFlow(flow) }
        bodyReader = nil
    }

    /// A whole request is in (its head since `headAt`): route it, decide link and faults, and
    /// start the response.
    func complete(_ head: HTTPRequestHead, body: [UInt8], headAt: Instant) {
        let state = engine.state
        let now = Instant.now()
        let exchange = Exchange(journalID: state.journal.nextID(), head: head, receivedAt: headAt, seed: state.seed)
        exchange.requestEndedAt = now
        if !body.isEmpty { exchange.requestBody = body }
        self.exchange = exchange
        requests += 1
        keepAlive = head.keepAlive && !engine.closing
        phase = .waiting
        setWatchdog(nil)
        guard let items = QueryItems(head.query ?? "") else {
            reject(status: 400, message: "the query string is not valid percent-encoded UTF-8", head: head)
            return
        }
        let query = Array(items)
        let context = RequestContext(head: head, query: query, body: body, state: state)

        switch state.table.route(context) {
        case .plan(let plan, control: true):
            exchange.shaped = false
            prepare(plan, startAt: now)
        case .plan(let plan, control: false):
            guard let delay = applyLinkAndFaults(exchange, context: context, routeFaults: nil) else { return }
            prepare(plan, startAt: now + delay)
        case .custom(let route, let parameters):
            guard let delay = applyLinkAndFaults(exchange, context: context, routeFaults: route.faults) else { return }
            runHandler(route, parameters: parameters, context: context, ordinal: exchange.ordinal, delay: delay)
        case .recorded(let plan, let wait, let slices):
            guard applyLinkAndFaults(exchange, context: context, routeFaults: nil) != nil else { return }
            exchange.slicing = slices.map { SliceStage(bytes: $0.bytes, delay: $0.delay) }
            prepare(plan, startAt: now + wait)
        }
    }

    /// Decides this request's link and fault; returns how long after the whole request its
    /// response may start, or nil after rejecting a bad query parameter.
    func applyLinkAndFaults(_ exchange: Exchange, context: RequestContext, routeFaults: FaultPlan?) -> Duration? {
        let state = engine.state
        let settings = state.current
        let head = context.head
        let link: LinkProfile
        let queryFaults: FaultPlan
        do {
            link = try settings.link.overriding(query: context.query)
        } catch {
            reject(status: 400, message: error.description, head: head)
            return nil
        }
        do {
            queryFaults = try FaultPlan(query: context.query)
        } catch {
            reject(status: 400, message: error.description, head: head)
            return nil
        }
        let faults = !queryFaults.rules.isEmpty ? queryFaults : (routeFaults.flatMap { $0.rules.isEmpty ? nil : $0 } ?? settings.faults)
        let method = head.method.rawValue
        let ordinal = state.ordinals.next(method: method, url: head.target)
        exchange.ordinal = ordinal
        exchange.fault = faults.decide(seed: state.seed, method: method, url: head.target, ordinal: ordinal)
        // A cap from the query is fixed now; otherwise the body takes the server link's cap in
        // force when it starts (ServerEngine.attachFlow).
        if context.query("bandwidth") != nil {
            exchange.cap = link.bandwidth?.bytesPerSecond
            exchange.capFromQuery = true
        }
        return LatencyStage.delay(
            link: link, seed: state.seed, method: method, target: head.target, ordinal: ordinal, firstOnConnection: requests == 1
        )
    }

    /// Runs the handler as a task; its response starts `delay` (the link's) after the handler
    /// returns, as a server's think time and the network's delay add up on a real link.
    func runHandler(_ route: Route, parameters: [String: String], context: RequestContext, ordinal: Int, delay: Duration) {
        let head = context.head
        var request = MockServer.Request(
            method: head.method, path: PercentEncoding.decode(head.path) ?? head.path, query: context.query,
            headers: head.headers, body: context.body, parameters: parameters, target: head.target,
            clientAddress: (try? socket.peerAddress().host) ?? "127.0.0.1", seed: engine.state.seed, ordinal: ordinal
        )
        request.version = head.version
        let bound = LoopBound((self, exchange))
        let loop = engine.loop
        let handler = route.handler
        Task {
            let response: MockServer.Response
            do {
                response = try await handler(request).checked()
            } catch {
                response = .text("the route's handler failed: \(error)", status: 500)
            }
            loop.execute {
                let (connection, exchange) = bound.value
                guard connection.phase == .waiting, connection.exchange === exchange, let exchange else {
                    if case .stream(let length, let chunks) = response.body {
                        StreamBody(declaredLength: length, chunks: chunks, loop: loop).cancel()
                    }
                    return
                }
                exchange.upstreamTimeToFirstByte = response.upstreamTimeToFirstByte
                connection.prepare(connection.plan(for: response, context: context), startAt: Instant.now() + delay)
            }
        }
    }

    func plan(for response: MockServer.Response, context: RequestContext) -> ResponsePlan {
        var plan: ResponsePlan
        switch response.body {
        case .bytes(let bytes):
            plan = ResponsePlan(status: response.status, headers: response.headers, body: BytesBody(bytes))
        case .payload(let size, let seed):
            let seed = seed ?? engine.state.seed
            plan = RangedResponse.plan(
                body: PayloadBody(seed: seed, length: max(0, size)), etag: Payload.etag(seed: seed, size: max(0, size)),
                headers: response.headers, context
            )
            if plan.status == 200 { plan.status = response.status }
        case .stream(let length, let chunks):
            let stream = StreamBody(declaredLength: length, chunks: chunks, loop: engine.loop)
            stream.failure = response.streamFailure
            plan = ResponsePlan(status: response.status, headers: response.headers, body: stream)
        }
        return plan
    }

    /// Adds the representation digest if asked for (computing it off the loop when it is not
    /// cached), applies the fault, and starts the response at `startAt`.
    func prepare(_ plan: ResponsePlan, startAt: Instant) {
        guard let exchange else { return }
        var plan = plan
        // Whichever endpoint answered, a HEAD response announces the body and sends none of it.
        if exchange.head?.method == .head { plan.omitBody = true }
        if let head = exchange.head, DigestCache.wantsSHA256(head.headers["Want-Repr-Digest"]),
           (200...299).contains(plan.status), plan.headers["Repr-Digest"] == nil {
            switch engine.state.digests.lookup(plan.body) {
            case .cached(let digest):
                plan.headers.set("Repr-Digest", digest)
            case .computing(let key):
                let bound = LoopBound((self, exchange, plan))
                let loop = engine.loop
                engine.state.digests.compute(key, body: plan.body) { digest in
                    loop.execute {
                        let (connection, waiting, plan) = bound.value
                        guard connection.exchange === waiting, connection.phase == .waiting else { return }
                        var withDigest = plan
                        withDigest.headers.set("Repr-Digest", digest)
                        connection.prepare(withDigest, startAt: startAt)
                    }
                }
                return
            case .notApplicable:
                break
            }
        }
        exchange.plan = plan
        if let rule = exchange.fault { apply(rule, to: exchange) }
        if startAt > Instant.now() {
            wake(at: startAt)
        } else {
            startResponse()
        }
    }

    /// Turns a fault into what `startResponse` and `pump` will do.
    func apply(_ rule: FaultRule, to exchange: Exchange) {
        guard var plan = exchange.plan, let head = exchange.head else { return }
        switch rule.fault {
        case .status(let code):
            let omit = plan.omitBody
            plan = .text(code, "\(code) \(HTTPStatus.reason(code)) (injected by fault status:\(code))")
            if let retryAfter = rule.retryAfter { plan.headers.set("Retry-After", String(retryAfter)) }
            plan.omitBody = omit
        case .reset:
            exchange.immediate = .reset
        case .close:
            exchange.immediate = .close
        case .malformed:
            exchange.immediate = .malformed
        case .resetAfter, .truncateAfter, .stallAfter:
            // A body that ends before the cut (a short remainder, a HEAD) goes out whole: the
            // fault changes nothing, and the journal must not say it fired.
            guard !plan.omitBody, let cut = CutStage(rule.fault, length: plan.contentLength) else {
                exchange.fault = nil
                return
            }
            exchange.cut = cut
        case .corrupt(let count):
            exchange.corruption = CorruptionStage(
                count: count, length: plan.body.length == nil ? nil : plan.contentLength, seed: engine.state.seed,
                method: head.method.rawValue, url: head.target
            )
        case .slice(let bytes, let delay):
            exchange.slicing = SliceStage(bytes: bytes, delay: delay)
        }
        exchange.plan = plan
    }
}
