import NetworkCore

/// Reading a request: its head, then its body under its framing and the limits.
extension ExchangeMachine {
    /// The interim response sent to a client that waits for it before sending its body.
    static let continueHead = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Reads what `input` holds as far as the current phase allows: a head, or at most
    /// `uploadAllowance` body bytes (what the upload pacing lets through now). Returns no
    /// action when it needs more input.
    mutating func advance(now: Instant, uploadAllowance: Int) -> [ExchangeAction] {
        switch phase {
        case .idle: parseHead(now: now)
        case .readingBody: consumeBody(now: now, allowance: uploadAllowance)
        case .waiting where streaming, .writing where streaming: consumeBody(now: now, allowance: uploadAllowance)
        case .waiting, .writing, .stalled, .lingering, .closed: []
        }
    }

    private mutating func parseHead(now: Instant) -> [ExchangeAction] {
        guard !input.isEmpty else { return [] }
        let parsed: (head: HTTPRequestHead, consumed: Int)?
        do {
            parsed = try input.withUnsafeBytes { try parser.parseRequest($0) }
        } catch let error as HTTPParseError {
            return reject(status: error.status, message: error.description)
        } catch {
            return reject(status: 400, message: "\(error)")
        }
        guard let (head, consumed) = parsed else {
            if headStartedAt == nil {
                headStartedAt = now
                deadline = now + limits.headerTimeout
            }
            return []
        }
        input.removeFirst(consumed)
        headStartedAt = nil
        return begin(head, now: now)
    }

    /// A head is complete: refuse its framing or its size, or start reading its body.
    private mutating func begin(_ head: HTTPRequestHead, now: Instant) -> [ExchangeAction] {
        let framing: BodyFraming
        do {
            framing = try BodyFraming.request(head)
        } catch {
            return reject(status: error.status, message: error.description, head: head)
        }
        let streamLimit = streamsBody(head)
        let limit = streamLimit ?? limits.maxRequestBody
        let reader: RequestBodyReader
        switch framing {
        case .none, .untilClose:
            return dispatch(head, body: [], headAt: now, now: now)
        case .contentLength(let length):
            guard length <= limit else {
                return reject(status: 413, message: "request body of \(length) bytes is over the limit of \(limit) bytes", head: head)
            }
            guard length > 0 else { return dispatch(head, body: [], headAt: now, now: now) }
            reader = RequestBodyReader(head: head, headAt: now, length: length, collect: streamLimit != nil || collectsBody(head))
        case .chunked:
            reader = RequestBodyReader(chunkedFor: head, headAt: now, collect: streamLimit != nil || collectsBody(head))
        }
        var actions: [ExchangeAction] = []
        let wantsContinue = head.expectsContinue && head.version == .http1_1
        if wantsContinue && streamLimit == nil { actions.append(.write(Self.continueHead)) }
        actions.append(.uploadStarted(head))
        body = reader
        bodyLimit = limit
        if streamLimit != nil {
            // The answer starts now; the body follows it, as its consumer takes it.
            actions += dispatch(head, body: [], headAt: now, now: now, streaming: reader.remaining)
            streaming = true
            continuePending = wantsContinue
        } else {
            phase = .readingBody
        }
        noteActivity(now)
        return actions
    }

    /// Moves up to `allowance` body bytes from `input` into the reader (those that came in
    /// with the head too).
    private mutating func consumeBody(now: Instant, allowance: Int) -> [ExchangeAction] {
        guard var reader = body, !input.isEmpty else { return [] }
        let window = min(input.count, allowance)
        let limit = bodyLimit
        let result = input.withUnsafeBytes { buffer in
            Result { () throws(RequestBodyReader.Refusal) in
                try reader.consume(UnsafeRawBufferPointer(rebasing: buffer[..<window]), limit: limit)
            }
        }
        let consumed: Int
        switch result {
        case .success(let count):
            consumed = count
        case .failure(let refusal):
            if streaming {
                let ended = endStream(.failed(refusal.message))
                // Refused while nothing was answered yet; cut off under an answer that started.
                guard phase == .waiting else { return ended + close() }
                return ended + reject(status: refusal.status, message: refusal.message, head: reader.head, headAt: reader.headAt)
            }
            body = nil
            return [.uploadEnded] + reject(status: refusal.status, message: refusal.message, head: reader.head, headAt: reader.headAt)
        }
        input.removeFirst(consumed)
        noteActivity(now)
        if streaming {
            let piece = reader.takeCollected()
            body = reader
            var actions: [ExchangeAction] = consumed > 0 ? [.uploaded(consumed)] : []
            if !piece.isEmpty { actions.append(.streamBody(piece)) }
            if reader.isComplete { actions += endStream(.complete) }
            return actions
        }
        body = reader
        guard reader.isComplete else { return consumed > 0 ? [.uploaded(consumed)] : [] }
        body = nil
        return [.uploaded(consumed), .uploadEnded] + dispatch(reader.head, body: reader.collected, headAt: reader.headAt, now: now)
    }

    /// A whole request is in: hand it to the driver and wait for its answer.
    /// `streaming` is the length of a body that streams after the head (`.some(nil)` for a
    /// chunked one), `nil` when the request is whole.
    private mutating func dispatch(_ head: HTTPRequestHead, body: [UInt8], headAt: Instant, now: Instant, streaming: Int64?? = nil) -> [ExchangeAction] {
        requests += 1
        keepAlive = head.keepAlive && !closing
        phase = .waiting
        deadline = nil
        exchangeOpen = true
        answering = head.version
        var request = ExchangeRequest(head: head, body: body, headAt: headAt, endedAt: now, firstOnConnection: requests == 1)
        if let length = streaming {
            request.streamsBody = true
            request.bodyLength = length
        }
        return [.dispatch(request)]
    }

    /// Refuses the request being read (or, from the driver, the one just dispatched) with
    /// `status`, and closes after the answer; `headAt` is when its head was complete, if it was.
    mutating func reject(status: Int, message: String, head: HTTPRequestHead? = nil, headAt: Instant? = nil) -> [ExchangeAction] {
        var actions = endStream(.abandoned)
        if body != nil {
            body = nil
            actions.append(.uploadEnded)
        }
        keepAlive = false
        input.removeAll()
        deadline = nil
        exchangeOpen = true
        answering = head?.version
        phase = .waiting
        actions.append(.reject(ExchangeRejection(status: status, message: message, head: head, headAt: headAt)))
        return actions
    }
}
