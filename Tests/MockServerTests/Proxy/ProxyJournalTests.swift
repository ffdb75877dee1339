import Testing
@testable import MockServer

/// The TCP proxy's journal keeps the most recent connections, in the order they closed.
@Suite struct ProxyJournalTests {
    static func record(_ ordinal: Int) -> ProxyConnectionRecord {
        ProxyConnectionRecord(
            ordinal: ordinal, client: "127.0.0.1:\(40_000 + ordinal)", opened: Double(ordinal), closed: Double(ordinal) + 0.5,
            bytesUpstream: 1, bytesDownstream: 2, toxics: [], ending: "closed"
        )
    }

    @Test func keepsTheMostRecentConnections_upToItsCapacity_oldestFirst() {
        let journal = ProxyJournal(capacity: 2)
        for ordinal in 0..<5 { journal.append(Self.record(ordinal)) }
        #expect(journal.entries.map(\.ordinal) == [3, 4])
        journal.clear()
        #expect(journal.entries.isEmpty)
        journal.append(Self.record(5))
        #expect(journal.entries.map(\.ordinal) == [5])
    }
}
