import NetworkCore

/// Every request a server handled, in order, with the faults that fired: what tests assert on
/// ("the second attempt used `Range`", "three resets fired") and what `GET /_lab/journal` shows.
///
/// The journal keeps the most recent ``capacity`` entries; the counters count every request.
public final class RequestJournal: Sendable {
    /// How many entries are kept.
    public let capacity: Int
    private let state: Lock<State>

    private struct State {
        var kept: Ring<JournalEntry>
        var nextID = 0
        var faultCounts: [String: Int] = [:]
        var statusCounts: [Int: Int] = [:]
        var observer: (@Sendable (Change) -> Void)?

        /// The kept entries, oldest first.
        var entries: [JournalEntry] { kept.elements }
    }

    /// What changed in the journal, for an observer (the dashboard's event stream).
    enum Change {
        case recorded(JournalEntry)
        case cleared
    }

    init(capacity: Int) {
        let kept = Ring<JournalEntry>(capacity: capacity)
        self.capacity = kept.capacity
        state = Lock(State(kept: kept))
    }

    /// The kept entries, oldest first.
    public var entries: [JournalEntry] {
        state.withLock { $0.entries }
    }

    /// How many times each fault kind fired (`"reset-after": 3`), since start or ``clear()``.
    public var faultCounts: [String: Int] {
        state.withLock { $0.faultCounts }
    }

    /// How many responses were sent with each status, since start or ``clear()``.
    public var statusCounts: [Int: Int] {
        state.withLock { $0.statusCounts }
    }

    /// Entries whose path is `path` (as sent), oldest first.
    public func entries(path: String) -> [JournalEntry] {
        entries.filter { $0.path == path }
    }

    /// Forgets all entries and counters.
    public func clear() {
        state.withLock { state in
            state.kept.removeAll()
            state.faultCounts.removeAll()
            state.statusCounts.removeAll()
            state.observer?(.cleared)
        }
    }

    /// Calls `observer` with every change from now on, under the journal's lock: with
    /// ``withEntries(_:)`` a reader then sees each entry exactly once, in the snapshot or
    /// as a change. The observer must be quick and must not use the journal.
    func observe(_ observer: @escaping @Sendable (Change) -> Void) {
        state.withLock { $0.observer = observer }
    }

    /// Runs `body` with the kept entries, oldest first, while no entry can be recorded.
    func withEntries<T>(_ body: ([JournalEntry]) -> T) -> T {
        state.withLock { body($0.entries) }
    }

    func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func record(_ entry: JournalEntry, faultKind: String?) {
        state.withLock { state in
            state.kept.append(entry)
            if let faultKind { state.faultCounts[faultKind, default: 0] += 1 }
            if let status = entry.status { state.statusCounts[status, default: 0] += 1 }
            state.observer?(.recorded(entry))
        }
    }

    /// The journal as JSON-ready values: `{"requests": [...], "faults": {...}, "statuses": {...}, "dropped": N}`.
    func jsonObject() -> [String: Any] {
        state.withLock { state in
            [
                "requests": state.entries.map(\.jsonObject),
                "faults": state.faultCounts,
                "statuses": Dictionary(uniqueKeysWithValues: state.statusCounts.map { (String($0.key), $0.value) }),
                "dropped": state.kept.dropped,
            ]
        }
    }
}

extension JournalEntry {
    var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "id": id, "connection": connection, "method": method, "path": path,
            "bytesSent": bytesSent, "start": start.seconds, "duration": duration.seconds,
            "seed": seed, "outcome": outcome.rawValue,
        ]
        if let query { object["query"] = query }
        if let range { object["range"] = range }
        if let status { object["status"] = status }
        if let timeToFirstByte { object["timeToFirstByte"] = timeToFirstByte.seconds }
        if let upstreamTimeToFirstByte { object["upstreamTimeToFirstByte"] = upstreamTimeToFirstByte.seconds }
        if let fault { object["fault"] = fault }
        if let error { object["error"] = error }
        return object
    }
}
