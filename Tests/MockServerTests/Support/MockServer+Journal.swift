import MockServer

extension MockServer {
    /// The journal entries of requests for `target` exactly as sent (path and query), oldest first.
    func entries(_ target: String) -> [JournalEntry] {
        journal.entries.filter { $0.path + ($0.query.map { "?" + $0 } ?? "") == target }
    }

    /// The one journal entry for `target`, once the server has settled (it records an exchange
    /// just after its last byte leaves, which may be after the client has that byte); fails
    /// the test if there is not exactly one.
    func entry(_ target: String) async throws -> JournalEntry {
        await settled()
        let entries = entries(target)
        guard entries.count == 1 else { throw JournalLookupError(target: target, count: entries.count) }
        return entries[0]
    }

    /// Downloads every target at once, each on its own connection, and returns the responses in order.
    func getConcurrently(_ targets: [String]) async throws -> [RawResponse] {
        try await withThrowingTaskGroup(of: (Int, RawResponse).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, try await self.get(target)) }
            }
            var responses = [RawResponse?](repeating: nil, count: targets.count)
            for try await (index, response) in group { responses[index] = response }
            return responses.map { $0! }
        }
    }
}

struct JournalLookupError: Error, CustomStringConvertible {
    var target: String
    var count: Int
    var description: String { "expected one journal entry for \(target), found \(count)" }
}
