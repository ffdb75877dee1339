import NetworkCore

/// A server's replay state: the index of its archives and how far each repeated request has
/// got through its recorded responses.
final class ReplaySession: Sendable {
    let index: ReplayIndex
    let timing: Replay.Timing
    private let cursor = Lock(ReplayCursor())

    init(_ replay: Replay) {
        index = ReplayIndex(archives: replay.archives, matchBody: replay.matchBody)
        timing = replay.timing
    }

    /// Whether requests must keep their body for matching or forwarding.
    var needsBody: Bool { index.matchBody }

    /// The recorded response for a request, advancing its key's cursor; nil on a miss.
    func response(method: String, target: ReplayTarget, body: [UInt8]) -> ReplayedResponse? {
        let key = index.key(method: method, target: target, body: body)
        guard let responses = index.responses[key] else {
            // A recorded GET answers HEAD too (the server sends its head only), without
            // moving the GET's place in its recording.
            let getKey = index.key(method: "GET", target: target, body: body)
            guard method == "HEAD", let get = index.responses[getKey] else { return nil }
            return get[cursor.withLock { $0.peek(getKey, count: get.count) }]
        }
        return responses[cursor.withLock { $0.next(key, count: responses.count) }]
    }

    /// Whether a request with this head has recordings (its body aside), so that they answer
    /// it rather than an httpbin endpoint of the same path (`/json`, `/get`).
    func hasRecording(for head: HTTPRequestHead) -> Bool {
        let target = ReplayTarget(path: Substring(head.path), query: Substring(head.query ?? ""))
        let method = head.method == .head ? "GET" : head.method.rawValue
        return index.recorded.contains { $0.method == method && $0.target == target }
    }

    /// The 404 message for a request that matches nothing: what was asked and the closest recorded.
    func missMessage(method: String, target: ReplayTarget, body: [UInt8]) -> String {
        let key = index.key(method: method, target: target, body: body)
        if let status = index.unreplayable[key] {
            let why = status == 0 ? " (a request that failed or was blocked)" : status == 101 ? " (a WebSocket's upgrade)" : ""
            return "\(key.description) was recorded only with status \(status)\(why), which replay cannot send"
        }
        let matched = index.matchBody ? "method, path, query and body" : "method, path and query"
        let closest = index.closest(to: key)
        let suggestion = closest.isEmpty
            ? "the recordings hold no replayable entry"
            : "closest recorded: " + closest.map(\.description).joined(separator: ", ")
        return "no recorded response matches \(key.description) (replay matches \(matched)); \(suggestion)"
    }

    /// Starts every repeated request from its first recorded response again.
    func rewind() {
        cursor.withLock { $0.reset() }
    }
}

extension ReplaySession {
    /// What answers a request that a recording matches: its response, under the link or with
    /// its recorded timing; nil when no recording matches.
    func outcome(for context: RequestContext) -> RoutingTable.Outcome? {
        let target = ReplayTarget(path: Substring(context.head.path), query: Substring(context.head.query ?? ""))
        guard let response = response(method: context.method.rawValue, target: target, body: context.body) else { return nil }
        let plan = ResponsePlan(status: response.status, headers: response.headers, body: BytesBody(response.body))
        guard timing == .recorded else { return .plan(plan, control: false) }
        return .recorded(plan, wait: response.wait, slices: response.recordedSlices)
    }

    /// What answers a request that matches no recording and no built-in endpoint: 404 naming
    /// the closest recorded requests.
    func miss(_ context: RequestContext) -> RoutingTable.Outcome {
        let target = ReplayTarget(path: Substring(context.head.path), query: Substring(context.head.query ?? ""))
        return .plan(.text(404, missMessage(method: context.method.rawValue, target: target, body: context.body)), control: false)
    }
}
