import MockServer

/// Holds what the server answered one case to what h11 says the case deserves.
///
/// For each request h11 reads: a request it accepts gets an answer that is not 400; a request
/// it rejects gets 400 and a close; bytes that end inside a request get no answer. A limit's
/// status (413, 414, 431) is right when the bytes, as h11 measured them, exceed that limit.
/// No request gets a 5xx, but a CONNECT its 501. Where the server and h11 part ways and RFC 9112 sides with the
/// server, ``KnownDisagreement`` names the rule; any other difference is a failure.
struct OracleCheck {
    let limits: MockServer.Limits

    /// What the server did with one request.
    enum Answer: Equatable {
        case answered(Int)
        case refused(Int)
        case none
    }

    /// nil when the server did what h11 says; otherwise what went wrong, and `rules` holds
    /// the known disagreements that explained a difference.
    func problem(sent: [UInt8], judgement: H11Oracle.Judgement, end: WireConnection.End, rules: inout [KnownDisagreement]) -> String? {
        if end == .timedOut { return "the server neither answered nor closed within 10 s" }
        let responses = judgement.responses
        if let error = responses.lazy.compactMap(\.error).first, end != .overLimit {
            return "h11 cannot read the server's answer: \(error)"
        }
        let answered = responses.filter { $0.status != nil }
        for (index, request) in judgement.requests.enumerated() {
            let response = index < answered.count ? answered[index] : nil
            // A 400 that closes a connection h11 would keep open refuses to read the request; a
            // 400 that keeps it open answers a well-formed request with a bad parameter.
            let answer: Answer = switch response?.status {
            case nil: .none
            // The server opens no tunnels: its 501 answers a CONNECT h11 read, as any status does.
            case 501? where request.method == "CONNECT": .answered(501)
            case let status? where status == 413 || status == 414 || status == 431 || status >= 500: .refused(status)
            case 400? where response?.close == true && request.closes != true: .refused(400)
            case let status?: .answered(status)
            }
            if (request.skipped ?? 0) > 0 { rules.append(.leadingEmptyLines) }
            if let problem = judge(request, answer, sent: sent, end: end, rules: &rules) {
                return "request \(index + 1) (h11: \(request.verdict)\(request.error.map { ", \($0)" } ?? "")): \(problem)"
            }
            if case .refused(let status) = answer {
                if response?.close != true { return "request \(index + 1): refused with \(status) without Connection: close" }
                return answered.count > index + 1 ? "request \(index + 1): \(answered.count - index - 1) responses after a refusal" : nil
            }
            if case .answered = answer, response?.close == true {
                return answered.count > index + 1 ? "request \(index + 1): responses after Connection: close" : nil
            }
            if request.verdict != "accept" { return nil }
            if request.closes == true, answered.count > index + 1 {
                // h11 closes after this request; the server read on.
                guard let rule = KnownDisagreement.all.first(where: { $0.explainsReadingOn(request) }) else {
                    return "request \(index + 1): the server answered \(answered.count - index - 1) more after a request h11 closes on"
                }
                rules.append(rule)
                return nil
            }
        }
        if answered.count > judgement.requests.count {
            return "\(answered.count) responses to the \(judgement.requests.count) requests h11 reads"
        }
        return nil
    }

    private func judge(_ request: H11Oracle.Request, _ answer: Answer, sent: [UInt8], end: WireConnection.End, rules: inout [KnownDisagreement]) -> String? {
        if case .refused(let status) = answer, [413, 414, 431].contains(status), exceedsLimit(status, request, sent: sent) { return nil }
        // h11 judges a head only once it has it whole: where the bytes end before, the server
        // may wait for the rest and close at the end, or refuse a bad start early.
        // The same holds for the lines of a chunked body that never ended.
        let chunked = request.header("transfer-encoding").contains { $0.lowercased() == "chunked" }
        let headNeverEnded = request.verdict == "reject" && request.whole == false || request.verdict == "incomplete" && (request.head == true || chunked)
        switch (request.verdict, answer) {
        case ("accept", .answered), ("reject", .refused(400)), ("incomplete", .none):
            return nil
        case ("accept", .none):
            return end == .overLimit ? nil : "no answer to a request h11 accepts"
        case (_, .none) where headNeverEnded, (_, .refused(400)) where headNeverEnded:
            return nil
        default:
            break
        }
        // A difference: one of the known disagreements must explain it.
        let rule: KnownDisagreement?
        if case .refused(let status) = answer, request.method != nil {
            // h11 read the head (whole request, or a body still to come); the server refused it.
            rule = KnownDisagreement.all.first { $0.explainsRefusal(status, of: request, sent: sent) }
        } else {
            rule = KnownDisagreement.all.first { $0.explainsAcceptance(answer, of: request, sent: sent) }
        }
        guard let rule else {
            return "the server's \(answer) disagrees with h11" + (request.verdict == "incomplete" ? " (the bytes end inside the \(request.head == true ? "head" : "body"))" : "")
        }
        rules.append(rule)
        return nil
    }

    /// Whether the request (from its start in `sent`) exceeds the limit behind `status`,
    /// measured on the bytes and on h11's reading of them.
    private func exceedsLimit(_ status: Int, _ request: H11Oracle.Request, sent: [UInt8]) -> Bool {
        let rest = sent[request.start...]
        let lines = rest.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        switch status {
        case 414:
            // The request line, after any empty lines before it.
            let line = lines.first { !$0.isEmpty && $0 != [UInt8(ascii: "\r")] } ?? []
            return line.count > limits.maxRequestLine
        case 431:
            let head = request.headEnd.map { $0 - request.start } ?? rest.count
            return head > limits.maxHeaderBytes || (request.headers?.count ?? lines.count) > limits.maxHeaderCount || lines.count > limits.maxHeaderCount
        default:
            let declared = request.header("content-length").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }.max() ?? 0
            return Int64(request.body ?? 0) > limits.maxRequestBody || declared > limits.maxRequestBody
                || !request.header("transfer-encoding").isEmpty && rest.count > limits.maxRequestBody
        }
    }
}
