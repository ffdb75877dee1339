import Foundation

/// The recorded responses of some archives, grouped by what a request must match, in recorded
/// order: replay's pure lookup. Which of a group's responses a request gets is
/// ``ReplayCursor``'s business.
struct ReplayIndex: Sendable {
    let matchBody: Bool
    private(set) var responses: [ReplayKey: [ReplayedResponse]] = [:]
    /// Every distinct recorded request, in order of first recording, for "closest" messages.
    private(set) var recorded: [ReplayKey] = []
    /// The status of requests recorded only with one replay cannot send (DevTools' 0, a
    /// WebSocket's 101, any other 1xx or one past 599), for the message that answers them.
    private(set) var unreplayable: [ReplayKey: Int] = [:]

    init(archives: [HARArchive], matchBody: Bool) {
        self.matchBody = matchBody
        for entry in Self.inRecordedOrder(archives.flatMap(\.log.entries)) where ReplayTarget.isReachable(entry.request.url) {
            let key = ReplayKey(
                method: entry.request.method.uppercased(), target: ReplayTarget(url: entry.request.url),
                body: matchBody ? (entry.request.postData?.bytes ?? []) : nil
            )
            guard let response = ReplayedResponse(entry) else {
                if unreplayable[key] == nil { unreplayable[key] = entry.response.status }
                continue
            }
            if responses[key] == nil { recorded.append(key) }
            responses[key, default: []].append(response)
        }
        for key in responses.keys { unreplayable[key] = nil }
    }

    /// The key a request is looked up by.
    func key(method: String, target: ReplayTarget, body: [UInt8]) -> ReplayKey {
        ReplayKey(method: method.uppercased(), target: target, body: matchBody ? body : nil)
    }

    /// The recorded requests most like `key`, closest first (at most `limit`): the same
    /// method and path with other query parameters before other paths, then the least edited path.
    func closest(to key: ReplayKey, limit: Int = 3) -> [ReplayKey] {
        let scored = recorded.enumerated().map { index, candidate in
            (distance(key, candidate), index, candidate)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    private func distance(_ a: ReplayKey, _ b: ReplayKey) -> Int {
        var distance = Self.editDistance(Array(a.target.path.utf8.prefix(200)), Array(b.target.path.utf8.prefix(200))) * 4
        if a.method != b.method { distance += 3 }
        distance += Set(a.target.sortedQuery).symmetricDifference(b.target.sortedQuery).count
        if a.body != b.body { distance += 1 }
        return distance
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Entries oldest first, as the spec asks readers to ensure; the given order when any
    /// start time is not ISO 8601 (then nothing reliable says otherwise).
    static func inRecordedOrder(_ entries: [HAREntry]) -> [HAREntry] {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let whole = ISO8601DateFormatter()
        let dates = entries.map { fractional.date(from: $0.startedDateTime) ?? whole.date(from: $0.startedDateTime) }
        guard dates.allSatisfy({ $0 != nil }) else { return entries }
        return zip(dates, entries).enumerated()
            .sorted { ($0.element.0!, $0.offset) < ($1.element.0!, $1.offset) }
            .map(\.element.1)
    }
}
