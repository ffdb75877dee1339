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
            let entry = try await server.entry("/bytes/10?latency=20ms")
            #expect(try #require(entry.timeToFirstByte) >= .milliseconds(20) && entry.duration >= .milliseconds(20))
            let journal = try await server.get("/_lab/journal").jsonObject()
            let requests = try #require(journal["requests"] as? [[String: Any]])
            let json = try #require(requests.first { $0["query"] as? String == "latency=20ms" })
            // The same instants to the nanosecond: a Duration's seconds as a Double can differ
            // from the JSON's in the last binary digit (1.904172839 against 1.9041728390000001).
            func same(_ key: String, _ duration: Duration?) -> Bool {
                guard let seconds = json[key] as? Double, let duration else { return false }
                return abs(seconds - duration.seconds) < 1e-9
            }
            #expect(same("start", entry.start))
            #expect(same("timeToFirstByte", entry.timeToFirstByte))
            #expect(same("duration", entry.duration))
        }
    }
}
