import Foundation
import MockServer
import NetworkCore
import Testing

@Suite struct JournalEntryTests {
    @Test func times_areDurations_andTheJSONShowsTheSameSecondsUnderTheSameKeys() async throws {
        try await withMockServer { server in
            let response = try await server.get("/bytes/10?latency=20ms")
            #expect(response.status == 200)
            await server.settled()
            let entry = try server.entry("/bytes/10?latency=20ms")
            #expect(try #require(entry.timeToFirstByte) >= .milliseconds(20) && entry.duration >= .milliseconds(20))
            let journal = try await server.get("/_lab/journal").jsonObject()
            let requests = try #require(journal["requests"] as? [[String: Any]])
            let json = try #require(requests.first { $0["query"] as? String == "latency=20ms" })
            #expect(json["start"] as? Double == entry.start.seconds)
            #expect(json["timeToFirstByte"] as? Double == entry.timeToFirstByte?.seconds)
            #expect(json["duration"] as? Double == entry.duration.seconds)
        }
    }
}
