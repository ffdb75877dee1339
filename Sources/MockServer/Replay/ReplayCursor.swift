/// Which recorded response each repeated request gets: the first hit of a key gets its first
/// recorded response, the second its second, and every hit after the last recorded one gets
/// the last again. Pure; ``ReplaySession`` keeps one under a lock.
struct ReplayCursor: Sendable {
    private var hits: [ReplayKey: Int] = [:]

    /// The index of the response for the next hit of `key`, among `count` recorded ones.
    mutating func next(_ key: ReplayKey, count: Int) -> Int {
        let hit = hits[key, default: 0]
        hits[key] = hit + 1
        return min(hit, count - 1)
    }

    /// The index the next hit of `key` would get, without counting a hit.
    func peek(_ key: ReplayKey, count: Int) -> Int {
        min(hits[key, default: 0], count - 1)
    }

    /// Starts every key from its first response again.
    mutating func reset() {
        hits.removeAll()
    }
}
