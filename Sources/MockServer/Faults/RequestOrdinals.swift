import NetworkCore

/// Numbers the requests for each method+URL 0, 1, 2, ... in arrival order: the `ordinal` that
/// fault decisions are drawn with.
///
/// Holds one counter per distinct method+URL until ``reset()``, with no cap: forgetting a
/// counter would restart its ordinals and fire `fault-first` rules again, silently changing a
/// seeded run. A test touches thousands of URLs, not millions (about 100 bytes each).
final class RequestOrdinals: Sendable {
    private let counts = Lock<[String: Int]>([:])

    /// The ordinal of a new request for `method url` (0 for the first).
    func next(method: String, url: String) -> Int {
        let key = method + " " + url
        return counts.withLock { counts in
            defer { counts[key, default: 0] += 1 }
            return counts[key, default: 0]
        }
    }

    /// Forgets every counter, so the next request for each URL is ordinal 0 again.
    func reset() {
        counts.withLock { $0.removeAll() }
    }
}
