import NetworkCore

/// One request and the response to it, from the moment its head is complete until the
/// response ends: what to send, how far it got, how the link and faults shape it, and what the
/// journal will record.
final class Exchange {
    let journalID: Int
    /// The request head; nil for a request too malformed to parse.
    let head: HTTPRequestHead?
    /// When the request head was complete (a body may follow): the journal's start.
    let receivedAt: Instant
    /// When the whole request was in (its body too).
    var requestEndedAt: Instant?
    /// The request body, kept for the journal when it was read into memory anyway.
    var requestBody: [UInt8]?
    /// A body streamed to its handler (a proxy's upstream), kept for the journal as
    /// `--record` keeps it: its first mebibyte and its whole size.
    var streamedBody: RecordedRequestBody?
    let seed: UInt64
    /// The request's ordinal among those with its method and target (see `RequestOrdinals`).
    var ordinal = 0

    /// The response; set once the endpoint (or handler) has answered.
    var plan: ResponsePlan?
    /// Serialized response head and how much of it is sent.
    var headBytes: [UInt8] = []
    var headSent = 0
    /// Body bytes sent so far (of `plan.range`, from its start).
    var bodySent: Int64 = 0

    /// The fault stages on this body, if its fault is one of them.
    var cut: CutStage?
    var corruption: CorruptionStage?
    var slicing: SliceStage?
    /// The per-connection cap for this response (bytes per second); nil for none.
    var cap: Double?
    /// True when `cap` came from the request's query, so a new server link does not replace it.
    var capFromQuery = false
    /// The link scheduler's handle while the body is paced.
    var flow: FairShareScheduler.FlowID?
    /// While a paced body waits for its source (a proxy's upstream): the credit its flow held
    /// when it left the link, given back when the body resumes (``ServerEngine/pauseFlow(_:at:)``).
    var pausedCredit: Double?
    /// False for the control endpoints (`/_lab/*`), which the link never paces: a test must
    /// be able to inspect and reset a server whatever link it set.
    var shaped = true

    var fault: FaultRule?
    var status: Int?
    var firstByteAt: Instant?
    /// A proxied request's upstream time to first byte, in seconds.
    var upstreamTimeToFirstByte: Duration?
    var outcome = JournalEntry.Outcome.complete
    var error: String?

    /// A streamed body of unknown length goes out `Transfer-Encoding: chunked`.
    var chunked = false
    /// The body offset up to which chunk-size lines are queued.
    var announcedEnd: Int64 = 0
    /// True once a body of unknown length has ended and its last byte (and terminator) is queued.
    var bodyEnded = false

    /// A fault that replaces the whole response.
    var immediate = Immediate.none

    enum Immediate { case none, reset, close, malformed }

    init(journalID: Int, head: HTTPRequestHead?, receivedAt: Instant, seed: UInt64) {
        self.journalID = journalID
        self.head = head
        self.receivedAt = receivedAt
        self.seed = seed
    }

    /// Body bytes still to send before the body ends or is cut.
    var bodyBudget: Int64 {
        guard let plan, !plan.omitBody, !bodyEnded else { return 0 }
        let end = min(plan.contentLength, cut?.after ?? .max)
        return max(0, end - bodySent)
    }

    var headRemaining: Int { headBytes.count - headSent }

    /// Queues framing bytes (a chunk-size line, the terminator) to go out before the next
    /// body bytes, after what remains of the head.
    func queueFraming(_ text: String) {
        headBytes = Array(headBytes[headSent...]) + Array(text.utf8)
        headSent = 0
    }

    /// True once the cut point is reached (and the head is out).
    var reachedCut: Bool {
        guard let cut, let plan, !plan.omitBody, headRemaining == 0 else { return false }
        return cut.reached(bodySent: bodySent) && cut.after < plan.contentLength
    }

    /// The exchange as ``MockServer/inFlight()`` shows it, on `connection` in `phase`.
    func inFlight(connection: Int, phase: ExchangeMachine.Phase, state: ServerState) -> InFlightExchange {
        let stage: InFlightExchange.Stage = switch phase {
        case .stalled: .stalled
        case .writing, .lingering, .closed: .sending
        case .idle, .readingBody, .waiting: .waiting
        }
        return InFlightExchange(
            id: journalID, connection: connection, method: head?.method.rawValue ?? "", path: head?.path ?? "",
            query: head?.query, status: status, bytesSent: bodySent, start: .seconds(double: state.elapsed(at: receivedAt)),
            stage: stage, fault: fault.map { $0.fault.description }
        )
    }

    /// Bodies the journal keeps (for `/_lab/journal.har`) are at most this long.
    static let keptBodyLimit = 64 * 1024

    /// Records the exchange, which ended at `end` (`aborted` when the connection broke
    /// off), in `state`'s journal: as a fault when its fault took effect.
    func record(aborted: Bool = false, connection: Int, in state: ServerState, end: Instant) {
        if aborted, outcome == .complete { outcome = .aborted }
        if outcome == .complete && fault != nil { outcome = .fault }
        state.journal.record(journalEntry(connection: connection, state: state, end: end), faultKind: fault?.fault.kind)
    }

    private func journalEntry(connection: Int, state: ServerState, end: Instant) -> JournalEntry {
        var entry = JournalEntry(
            id: journalID, connection: connection, method: head?.method.rawValue ?? "", path: head?.path ?? "",
            query: head?.query, range: head?.headers["Range"], status: status, bytesSent: bodySent,
            start: state.elapsed(at: receivedAt),
            timeToFirstByte: firstByteAt.map { ($0 - receivedAt).seconds },
            duration: (end - receivedAt).seconds,
            fault: fault.map { $0.fault.description }, seed: seed, outcome: outcome, error: error
        )
        entry.upstreamTimeToFirstByte = upstreamTimeToFirstByte
        entry.httpVersion = head?.version.description ?? "HTTP/1.1"
        entry.requestHeaders = head?.headers ?? [:]
        entry.requestBody = requestBody.flatMap { $0.count <= Self.keptBodyLimit ? $0 : nil }
        if let (prefix, size) = streamedBody?.taken, size > 0 {
            entry.requestBody = prefix
            entry.requestBodySize = size
        }
        entry.requestTime = requestEndedAt.map { $0 - receivedAt } ?? .zero
        if let plan, immediate == .none {
            entry.responseHeaders = plan.headers
            if shaped, !plan.omitBody, let bytes = (plan.body as? BytesBody)?.bytes, bytes.count <= Self.keptBodyLimit {
                entry.responseBody = plan.range == 0..<Int64(bytes.count) ? bytes : Array(bytes[Int(plan.range.lowerBound)..<Int(plan.range.upperBound)])
            }
        }
        return entry
    }
}
