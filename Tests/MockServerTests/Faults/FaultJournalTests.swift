import Testing
@testable import MockServer

/// The journal records a fault only when it changed what the client received.
@Suite struct FaultJournalTests {
    @Test(arguments: ["truncate-after:1KB", "reset-after:1KB", "stall-after:1KB"])
    func cutBeyondTheBody_sendsItWhole_andRecordsNoFault(_ spec: String) async throws {
        let server = try await MockServer.start()
        defer { Task { await server.close() } }
        let response = try await server.get("/bytes/100?fault=\(spec)")
        #expect(response.status == 200)
        #expect(try response.body == Payload.bytes(seed: 0, count: 100))
        await server.settled()
        let entry = try #require(server.journal.entries.last)
        #expect(entry.fault == nil)
        #expect(entry.outcome == .complete)
        #expect(server.journal.faultCounts.isEmpty)
    }

    @Test func cutWithinTheBody_isRecorded() async throws {
        let server = try await MockServer.start()
        defer { Task { await server.close() } }
        _ = try? await server.get("/bytes/10KB?fault=truncate-after:1KB")
        await server.settled()
        let entry = try #require(server.journal.entries.last)
        #expect(entry.fault == "truncate-after:1KB")
        #expect(entry.outcome == .fault)
        #expect(entry.bytesSent == 1000)
        #expect(server.journal.faultCounts == ["truncate-after": 1])
    }
}
