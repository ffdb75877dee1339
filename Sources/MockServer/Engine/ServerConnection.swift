import NetworkCore

/// One client connection: reads requests, answers them in order (pipelined ones too), and
/// closes when the protocol, a fault, a timeout, the client or the server says so.
///
/// A state machine driven by readiness events and timers on the server's event loop; it never
/// blocks and never runs anywhere else. Custom handlers run as tasks and hand their answer back
/// to the loop.
final class ServerConnection: Selectable {
    let id: Int
    let socket: Socket
    unowned let engine: ServerEngine
    var registration: Registration?

    private(set) var phase = Phase.idle
    private var driving = false
    private var readable = false
    private var writable = false
    /// Bytes read and not yet consumed: a partial head, a body, or pipelined requests.
    private var input: [UInt8] = []
    private var parser: HTTPHeadParser
    private var bodyReader: BodyReader?
    private var headStartedAt: Instant?
    private var requests = 0
    private var keepAlive = true
    private(set) var exchange: Exchange?
    /// Latency, pacing and slice waits.
    private var wakeTimer: TimerID?
    /// Idle, header and linger timeouts: one timer, re-armed lazily when it fires early.
    private var watchdogDeadline: Instant?
    private var watchdogArmedAt: Instant?

    enum Phase: Equatable {
        /// Waiting for (the rest of) a request head.
        case idle
        /// Reading a request body.
        case readingBody
        /// A handler, a digest or the link's latency is due before the response starts.
        case waiting
        /// Sending a response.
        case writing
        /// A `stall-after` fault: silent until the client leaves or the server closes.
        case stalled
        /// The last response is out and our side is shut: reading what the client still
        /// sends, so that closing does not reset the connection under its unread response.
        case lingering
        case closed
    }

    /// A request body being read.
    private struct BodyReader {
        let head: HTTPRequestHead
        /// When the head was complete: the exchange's start in the journal.
        let headAt: Instant
        var remaining: Int64?
        var chunked: ChunkedDecoder?
        let collect: Bool
        var collected: [UInt8] = []
        var received: Int64 = 0
        var flow: FairShareScheduler.FlowID?
    }

    private static let lingerTime = Duration.seconds(2)

    init(id: Int, socket: Socket, engine: ServerEngine) {
        self.id = id
        self.socket = socket
        self.engine = engine
        let limits = engine.state.limits
        parser = HTTPHeadParser(limits: HTTPLimits(
            maxRequestLine: limits.maxRequestLine, maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount
        ))
        setWatchdog(Instant.now() + limits.idleTimeout)
    }

    // MARK: - Events

    func handleReadiness(_ event: ReadinessEvent) {
        if event.readable || event.hangUp || event.error { readable = true }
        if event.writable || event.error { writable = true }
        drive()
    }

    /// Does all the work the current state allows, until it must wait.
    ///
    /// Not reentrant: state changes made further down (a response that starts at once, a cut,
    /// a close) call `drive()` again, which returns at once and leaves the work to this loop.
    /// Otherwise a keep-alive client that always has its next request waiting would grow the
    /// stack by one request each time, until it overflows.
    func drive() {
        guard !driving else { return }
        driving = true
        defer { driving = false }
        while true {
            switch phase {
            case .idle:
                if !input.isEmpty, parseHead() { continue }
                if phase != .idle { continue }
                guard readMore(limit: .max) else { return }
            case .readingBody:
                if consumeBody() { continue }
                // Read only once what was read is consumed, so that the socket buffer holds
                // the client back as a slow uplink would.
                guard input.isEmpty, let allowance = uploadAllowance(), readMore(limit: allowance) else { return }
            case .writing:
                guard pump() else { return }
            case .stalled, .lingering:
                drainInput()
                return
            case .waiting, .closed:
                return
            }
        }
    }

    /// Reads what the socket has (at most `limit` bytes) into `input`; false when nothing came.
    private func readMore(limit: Int) -> Bool {
        guard readable, limit > 0 else { return false }
        let scratch = engine.readScratch
        let buffer = UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, limit)])
        do {
            switch try socket.receive(into: buffer) {
            case .processed(let count):
                input.append(contentsOf: buffer[..<count])
                noteActivity()
                return true
            case .wouldBlock:
                readable = false
                return false
            case .endOfStream:
                readable = false
                peerClosed()
                return false
            }
        } catch {
            abort()
            return false
        }
    }

    /// Reads and discards, closing once the client has closed too.
    private func drainInput() {
        while readable {
            do {
                switch try socket.receive(into: engine.readScratch) {
                case .processed: continue
                case .wouldBlock: readable = false
                case .endOfStream: close(); return
                }
            } catch {
                close()
                return
            }
        }
    }

    private func peerClosed() {
        switch phase {
        case .idle, .readingBody, .stalled, .lingering:
            // A client that leaves mid-request abandons it; one that leaves idle is done.
            close()
        case .waiting, .writing, .closed:
            // Keep going: a half-closed client may still read the response; a gone one makes
            // the next send fail.
            break
        }
    }

    // MARK: - Requests

    /// Parses a head from `input`; true when the state changed.
    private func parseHead() -> Bool {
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

    private func begin(_ head: HTTPRequestHead) {
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
    private func uploadCap(for head: HTTPRequestHead) -> Double?? {
        guard let query = QueryItems(head.query ?? ""),
              let link = try? engine.state.link.overriding(query: Array(query)) else { return nil }
        return link.uploadBandwidth?.bytesPerSecond
    }

    /// How many body bytes the upload pacing lets the server take now: at least a whole chunk
    /// (or the rest of the body, or the full burst), as for responses; nil, with a timer for
    /// that chunk, when none (taking every trickle of credit would spin the loop).
    private func uploadAllowance() -> Int? {
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
    private func consumeBody() -> Bool {
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

    private func finishUpload(_ reader: BodyReader) {
        if let flow = reader.flow { engine.removeUploadFlow(flow) }
        bodyReader = nil
    }

    /// A whole request is in (its head since `headAt`): route it, decide link and faults, and
    /// start the response.
    private func complete(_ head: HTTPRequestHead, body: [UInt8], headAt: Instant) {
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
            exchange.slice = slices
            prepare(plan, startAt: now + wait)
        }
    }

    /// Decides this request's link and fault; returns how long after the whole request its
    /// response may start, or nil after rejecting a bad query parameter.
    private func applyLinkAndFaults(_ exchange: Exchange, context: RequestContext, routeFaults: FaultPlan?) -> Duration? {
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
        let draw = DeterministicDraw(seed: state.seed, key: "jitter \(method) \(head.target)#\(ordinal)")
        return link.responseDelay(draw: draw, firstOnConnection: requests == 1)
    }

    /// Runs the handler as a task; its response starts `delay` (the link's) after the handler
    /// returns, as a server's think time and the network's delay add up on a real link.
    private func runHandler(_ route: Route, parameters: [String: String], context: RequestContext, ordinal: Int, delay: Duration) {
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
                response = try await handler(request)
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

    private func plan(for response: MockServer.Response, context: RequestContext) -> ResponsePlan {
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
    private func prepare(_ plan: ResponsePlan, startAt: Instant) {
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
    private func apply(_ rule: FaultRule, to exchange: Exchange) {
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
        case .resetAfter(let bytes), .truncateAfter(let bytes), .stallAfter(let bytes):
            // A body that ends before the cut (a short remainder, a HEAD) goes out whole: the
            // fault changes nothing, and the journal must not say it fired.
            guard !plan.omitBody, bytes < plan.contentLength else {
                exchange.fault = nil
                return
            }
            exchange.cutAfter = bytes
            exchange.cutAction = switch rule.fault {
            case .resetAfter: .reset
            case .stallAfter: .stall
            default: .close
            }
        case .corrupt(let count):
            // A stream of unknown length is corrupted as if it were 1 MiB long.
            let length = plan.body.length ?? 1 << 20
            exchange.corruption = Fault.corruptionPositions(
                count: count, bodyLength: length, seed: engine.state.seed,
                method: head.method.rawValue, url: head.target
            )
        case .slice(let bytes, let delay):
            exchange.slice = (bytes, delay)
        }
        exchange.plan = plan
    }

    // MARK: - Responses

    private func startResponse() {
        guard let exchange, let plan = exchange.plan else { return }
        switch exchange.immediate {
        case .reset:
            exchange.outcome = .fault
            finishExchange()
            reset()
            return
        case .close:
            exchange.outcome = .fault
            finishExchange()
            keepAlive = false
            shutDownAndLinger()
            return
        case .malformed:
            keepAlive = false
            exchange.headBytes = Fault.malformedResponse
            exchange.plan?.omitBody = true
        case .none:
            exchange.status = plan.status
            exchange.headBytes = serializedHead(plan, exchange: exchange)
            if exchange.bodyBudget > 0 && exchange.shaped { engine.attachFlow(exchange, owner: self) }
        }
        phase = .writing
        drive()
    }

    private func serializedHead(_ plan: ResponsePlan, exchange: Exchange) -> [UInt8] {
        var headers = plan.headers
        let bodyless = plan.status == 204 || plan.status == 304
        if bodyless {
        } else if plan.body.length == nil {
            if exchange.head?.version == .http1_1 {
                headers.set("Transfer-Encoding", "chunked")
                exchange.chunked = true
            } else {
                // HTTP/1.0 has no chunked coding: the body ends when the connection does.
                keepAlive = false
            }
        } else {
            headers.set("Content-Length", String(plan.contentLength))
        }
        // A proxied response keeps the upstream's own Date and Server.
        if !headers.contains("Date") { headers.set("Date", HTTPDate.now()) }
        if !headers.contains("Server") { headers.set("Server", MockServer.serverName) }
        if !keepAlive || engine.closing {
            keepAlive = false
            headers.set("Connection", "close")
        } else if exchange.head?.version == .http1_0 {
            headers.set("Connection", "keep-alive")
        }
        return HTTPResponseHead(status: plan.status, reason: HTTPStatus.reason(plan.status), version: .http1_1, headers: headers).serialized()
    }

    /// Sends what pacing, slicing and faults allow; true when the response is finished (the
    /// state changed), false when it must wait for writability or a timer.
    private func pump() -> Bool {
        guard let exchange, let plan = exchange.plan else { return false }
        while true {
            if exchange.headRemaining == 0 && exchange.bodyBudget == 0 {
                if exchange.reachedCut {
                    cut(exchange)
                } else {
                    finishExchange()
                    afterResponse()
                }
                return true
            }
            guard writable else { return false }
            let now = Instant.now()
            var budget = exchange.bodyBudget
            if budget > 0 {
                switch sourceStep(exchange, plan.body) {
                case .send(let available):
                    budget = min(budget, Int64(available))
                case .wait:
                    if exchange.headRemaining == 0 { return false }
                    budget = 0
                case .ended:
                    continue
                case .aborted:
                    return false
                }
            }
            if budget > 0, let flow = exchange.flow {
                // Paced bodies go out a chunk at a time: wait until a chunk's worth of credit
                // (or the full burst) is there. Sending whatever trickled in since the last
                // send would spin this loop on one connection and starve all the others.
                let wanted = Int(min(Int64(engine.downlink.chunkSize(for: flow)), budget))
                if let deadline = engine.downlink.deadline(flow, forBytes: wanted, at: now), deadline > now {
                    if exchange.headRemaining == 0 {
                        wake(at: deadline)
                        return false
                    }
                    budget = 0
                } else {
                    budget = min(budget, Int64(engine.downlink.available(flow, at: now)))
                }
            }
            if budget > 0, let slice = exchange.slice {
                let start = exchange.sliceStart ?? now
                exchange.sliceStart = start
                let piece = Int64(slice.bytes)
                let pieceStart = start + slice.delay * Int(exchange.bodySent / piece)
                if now < pieceStart {
                    if exchange.headRemaining == 0 {
                        wake(at: pieceStart)
                        return false
                    }
                    budget = 0
                } else {
                    budget = min(budget, piece - exchange.bodySent % piece)
                }
            }
            guard send(exchange, plan: plan, budget: budget, now: now) else { return false }
        }
    }

    private enum SourceStep {
        case send(Int)
        case wait
        case ended
        case aborted
    }

    /// What the body's source allows now: bytes it has ready (for a chunked body, their
    /// chunk-size line queued first), waiting (the source resumes the connection), or its end
    /// (the terminator queued, or the connection cut when it fell short of its length).
    private func sourceStep(_ exchange: Exchange, _ body: any BodySource) -> SourceStep {
        switch body.readiness(at: exchange.bodySent) {
        case .ready(let count):
            if exchange.chunked && exchange.bodySent == exchange.announcedEnd {
                let separator = exchange.announcedEnd > 0 ? "\r\n" : ""
                exchange.queueFraming(separator + String(count, radix: 16) + "\r\n")
                exchange.announcedEnd += Int64(count)
            }
            return .send(count)
        case .waiting:
            body.whenReady { [self] in
                guard self.exchange === exchange, phase == .writing else { return }
                drive()
            }
            return .wait
        case .ended:
            // A proxied stream knows when its upstream broke off; a chunked body must not then
            // end as if it were complete.
            let failure = (body as? StreamBody)?.failure?()
            if let length = body.length {
                exchange.outcome = .aborted
                exchange.error = failure ?? "the response body ended after \(exchange.bodySent) of its \(length) bytes"
                abort()
                return .aborted
            }
            if let failure {
                exchange.outcome = .aborted
                exchange.error = failure
                abort()
                return .aborted
            }
            if exchange.chunked { exchange.queueFraming((exchange.announcedEnd > 0 ? "\r\n" : "") + "0\r\n\r\n") }
            exchange.bodyEnded = true
            if exchange.cutAfter != nil {
                // The body ended before the cut: the fault changed nothing.
                exchange.cutAfter = nil
                exchange.fault = nil
            }
            return .ended
        }
    }

    /// One `send` of the rest of the head and up to `budget` body bytes; false when the socket
    /// is full or the connection failed.
    private func send(_ exchange: Exchange, plan: ResponsePlan, budget: Int64, now: Instant) -> Bool {
        let scratch = engine.writeScratch
        let region: UnsafeRawBufferPointer
        let headPart = exchange.headRemaining
        if headPart == 0, budget > 0, let kept = scratch.kept(for: exchange, at: exchange.bodySent) {
            region = UnsafeRawBufferPointer(rebasing: kept[..<min(kept.count, Int(budget))])
        } else {
            let buffer = scratch.claim()
            let bodyOffset = plan.range.lowerBound + exchange.bodySent
            let headCount = min(headPart, buffer.count - 8)
            // Start so the body lands on the payload's word boundaries: the generator then
            // writes whole words in place.
            let start = (Int(bodyOffset % 8) - headCount % 8 + 8) % 8
            exchange.headBytes.withUnsafeBytes { head in
                (buffer.baseAddress! + start).copyMemory(from: head.baseAddress! + exchange.headSent, byteCount: headCount)
            }
            var end = start + headCount
            let want = Int(min(budget, Int64(min(buffer.count - end, WriteScratch.bodyCapacity))))
            if want > 0 {
                let target = UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + want)])
                let count = plan.body.read(into: target, at: bodyOffset)
                if !exchange.corruption.isEmpty {
                    Fault.applyCorruption(
                        positions: exchange.corruption,
                        to: UnsafeMutableRawBufferPointer(rebasing: target[..<count]), bodyOffset: exchange.bodySent
                    )
                }
                end += count
            }
            region = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        }
        guard !region.isEmpty else {
            // A file shrank under us: what was announced can no longer be sent.
            exchange.outcome = .aborted
            exchange.error = "the fixture changed while it was being sent"
            abort()
            return false
        }
        let sent: Int
        do {
            switch try socket.send(region) {
            case .processed(let count): sent = count
            case .wouldBlock, .endOfStream:
                writable = false
                return false
            }
        } catch {
            abort()
            return false
        }
        if exchange.firstByteAt == nil { exchange.firstByteAt = now }
        let headSent = min(sent, headPart)
        exchange.headSent += headSent
        let bodySent = sent - headSent
        exchange.bodySent += Int64(bodySent)
        if exchange.shaped && bodySent > 0 { engine.state.bodyBytesSent.add(Int64(bodySent), ordering: .relaxed) }
        if bodySent > 0, let flow = exchange.flow {
            engine.downlink.consume(flow, bytes: bodySent, at: now)
        }
        if sent < region.count {
            writable = false
            if sent >= headPart {
                let base = region.baseAddress! - UnsafeRawPointer(scratch.buffer.baseAddress!)
                scratch.keep((base + sent)..<(base + region.count), for: exchange, at: exchange.bodySent)
            }
            return false
        }
        return true
    }

    /// The fault's cut point is reached: close, reset or fall silent.
    private func cut(_ exchange: Exchange) {
        exchange.outcome = .fault
        switch exchange.cutAction {
        case .close:
            finishExchange()
            keepAlive = false
            shutDownAndLinger()
        case .reset:
            finishExchange()
            reset()
        case .stall:
            engine.detachFlow(exchange)
            phase = .stalled
            drive()
        }
    }

    private func afterResponse() {
        if keepAlive && !engine.closing {
            phase = .idle
            setWatchdog(Instant.now() + engine.state.limits.idleTimeout)
        } else {
            shutDownAndLinger()
        }
    }

    /// Records the exchange in the journal and forgets it.
    private func finishExchange() {
        guard let exchange else { return }
        engine.detachFlow(exchange)
        exchange.plan?.body.cancel()
        cancelWake()
        if exchange.outcome == .complete && exchange.fault != nil { exchange.outcome = .fault }
        engine.state.journal.record(
            exchange.journalEntry(connection: id, state: engine.state, end: Instant.now()),
            faultKind: exchange.fault?.fault.kind
        )
        self.exchange = nil
    }

    /// Answers a bad request with `status` and closes after the response; `headAt` is when its
    /// head was complete, if it was.
    private func reject(status: Int, message: String, head: HTTPRequestHead? = nil, headAt: Instant? = nil) {
        let state = engine.state
        // A request refused after it was numbered (a bad query) keeps its number and start.
        let exchange = Exchange(
            journalID: self.exchange?.journalID ?? state.journal.nextID(), head: head,
            receivedAt: self.exchange?.receivedAt ?? headAt ?? Instant.now(), seed: state.seed
        )
        exchange.outcome = .rejected
        exchange.error = message
        var plan = ResponsePlan.text(status, message)
        plan.omitBody = head?.method == .head
        exchange.plan = plan
        self.exchange = exchange
        keepAlive = false
        bodyReader = nil
        input.removeAll()
        setWatchdog(nil)
        startResponse()
    }

    // MARK: - Timers

    private func wake(at deadline: Instant) {
        cancelWake()
        let bound = LoopBound(self)
        wakeTimer = engine.loop.schedule(at: deadline) {
            let connection = bound.value
            connection.wakeTimer = nil
            connection.woke()
        }
    }

    private func cancelWake() {
        if let wakeTimer { engine.loop.cancel(wakeTimer) }
        wakeTimer = nil
    }

    private func woke() {
        switch phase {
        case .waiting:
            startResponse()
        case .writing, .readingBody:
            drive()
        default:
            break
        }
    }

    /// The link's rates changed: recompute this connection's pacing deadline.
    func rateChanged() {
        guard wakeTimer != nil, phase == .writing || phase == .readingBody else { return }
        cancelWake()
        drive()
    }

    private func noteActivity() {
        let now = Instant.now()
        switch phase {
        case .idle where headStartedAt != nil:
            break
        case .idle, .readingBody:
            setWatchdog(now + engine.state.limits.idleTimeout)
        default:
            break
        }
    }

    private func setWatchdog(_ deadline: Instant?) {
        watchdogDeadline = deadline
        guard let deadline, watchdogArmedAt.map({ deadline < $0 }) ?? true else { return }
        watchdogArmedAt = deadline
        let bound = LoopBound(self)
        engine.loop.schedule(at: deadline) {
            bound.value.watchdogFired(armedAt: deadline)
        }
    }

    private func watchdogFired(armedAt: Instant) {
        guard watchdogArmedAt == armedAt, phase != .closed else { return }
        watchdogArmedAt = nil
        guard let deadline = watchdogDeadline else { return }
        if Instant.now() < deadline {
            setWatchdog(deadline)
            return
        }
        // A loop running late (a loaded machine, a sanitizer) may get here before it has read
        // bytes that came in time. Read them first: the timeout holds only if, with them, the
        // connection is still idle or its head still incomplete.
        if !readable, phase == .idle || phase == .readingBody, socket.hasPendingInput() {
            readable = true
            drive()
            guard phase != .closed, watchdogDeadline == deadline else { return }
        }
        watchdogDeadline = nil
        switch phase {
        case .idle where headStartedAt != nil:
            reject(status: 408, message: "the request head was not complete within \(engine.state.limits.headerTimeout)")
        case .readingBody:
            let (head, headAt) = (bodyReader?.head, bodyReader?.headAt)
            if let reader = bodyReader { finishUpload(reader) }
            reject(status: 408, message: "the request body stalled for \(engine.state.limits.idleTimeout)", head: head, headAt: headAt)
        default:
            close()
        }
    }

    // MARK: - Ending

    /// The server is closing: finish what is in flight, drop what is idle or stalled, and what
    /// waits (a latency, a handler) for a client that has closed its side.
    func serverClosing() {
        switch phase {
        case .idle where input.isEmpty, .stalled:
            close()
        case .waiting where socket.peerHasClosed():
            // Most likely a client that timed out: waiting out a long latency for it would hold
            // close() for nothing. (A client that only half-closed loses its response.)
            exchange?.error = "the client closed its connection before the response started"
            abort()
        case .lingering, .closed:
            break
        default:
            keepAlive = false
        }
    }

    /// Shuts our side (the client reads end of stream after the response) and lingers.
    private func shutDownAndLinger() {
        socket.shutdownWrite()
        phase = .lingering
        cancelWake()
        setWatchdog(Instant.now() + Self.lingerTime)
        drive()
    }

    /// Ends the connection with a reset (RST) instead of a clean close.
    private func reset() {
        socket.setResetOnClose()
        close()
    }

    /// The connection failed or the server cut it: record any exchange as aborted and close.
    func abort() {
        if let exchange {
            if exchange.outcome == .complete { exchange.outcome = .aborted }
            finishExchange()
        }
        close()
    }

    func close() {
        guard phase != .closed else { return }
        if exchange != nil {
            abort()
            return
        }
        if let reader = bodyReader { finishUpload(reader) }
        phase = .closed
        cancelWake()
        engine.connectionClosed(self)
    }
}
