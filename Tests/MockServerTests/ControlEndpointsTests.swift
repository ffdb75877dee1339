import Foundation
import MockServer
import NetworkCore
import Testing

extension LiveServerTests {
    /// `/_lab/journal`, `/_lab/link` and `/_lab/faults`: inspecting and steering a running server
    /// over HTTP, with good and bad JSON.
    @Suite struct ControlEndpointsTests {
        @Test func journal_overHTTP_listsEveryRequestWithItsFields() async throws {
            try await withMockServer(.init(seed: 11)) { server in
                _ = try await server.get("/bytes/10?latency=20ms")
                _ = try await server.get("/status/503")
                let response = try await server.get("/_lab/journal")
                #expect(response.status == 200)
                #expect(response["Content-Type"] == "application/json")
                let journal = try response.jsonObject()
                #expect(journal["seed"] as? Int == 11)
                #expect(journal["dropped"] as? Int == 0)
                #expect(journal["statuses"] as? [String: Int] == ["200": 1, "503": 1])
                #expect(journal["faults"] as? [String: Int] == [:])
                let requests = try #require(journal["requests"] as? [[String: Any]])
                try #require(requests.count == 2)
                let first = requests[0]
                #expect(first["id"] as? Int == 0)
                #expect(first["method"] as? String == "GET")
                #expect(first["path"] as? String == "/bytes/10")
                #expect(first["query"] as? String == "latency=20ms")
                #expect(first["status"] as? Int == 200)
                #expect(first["bytesSent"] as? Int == 10)
                #expect(first["outcome"] as? String == "complete")
                #expect(first["seed"] as? Int == 11)
                #expect(try #require(first["timeToFirstByte"] as? Double) >= 0.02)
                #expect(try #require(first["duration"] as? Double) >= 0.02)
                #expect(first["fault"] == nil)
                #expect(requests[1]["connection"] as? Int != first["connection"] as? Int)
                // The same journal from Swift.
                await server.settled()
                let entries = server.journal.entries
                #expect(entries.map(\.path) == ["/bytes/10", "/status/503", "/_lab/journal"])
                #expect(server.journal.statusCounts == [200: 2, 503: 1])
            }
        }

        @Test func journal_keepsTheLatestEntries_andCountsThemAll() async throws {
            try await withMockServer(.init(journalCapacity: 3)) { server in
                for size in 1...5 { _ = try await server.get("/bytes/\(size)") }
                let journal = try await server.get("/_lab/journal").jsonObject()
                let paths = try #require(journal["requests"] as? [[String: Any]]).map { $0["path"] as? String }
                #expect(paths == ["/bytes/3", "/bytes/4", "/bytes/5"])
                #expect(journal["dropped"] as? Int == 2)
                #expect(journal["statuses"] as? [String: Int] == ["200": 5])
            }
        }

        @Test func journal_delete_clearsIt_andRestartsEveryURLsOrdinals() async throws {
            try await withMockServer(.init(faults: [Fault.status(503).first(1)])) { server in
                #expect(try await server.get("/bytes/10").status == 503)
                #expect(try await server.get("/bytes/10").status == 200)
                let cleared = try await server.get("/_lab/journal", method: .delete)
                #expect(cleared.status == 200)
                await server.settled()
                #expect(server.journal.entries.map(\.method) == ["DELETE"])
                #expect(server.journal.statusCounts == [200: 1])
                #expect(try await server.get("/bytes/10").status == 503)
            }
        }

        @Test func putLink_withGoodJSON_changesTheLink_forTheNextRequests() async throws {
            try await withMockServer { server in
                let put = try await server.send(.put, "/_lab/link", body: #"{"latency": "150ms", "bandwidth": "1MB/s", "jitter": null}"#)
                #expect(put.status == 200)
                let echoed = try put.jsonObject()
                #expect(echoed["latency"] as? String == "150ms")
                #expect(echoed["bandwidth"] as? String == "1MB/s")
                #expect(echoed["link-bandwidth"] as? String == "none")
                #expect(server.link == LinkProfile(latency: .milliseconds(150), bandwidth: .megabytesPerSecond(1)))
                let get = try await server.get("/_lab/link").jsonObject()
                #expect(get["latency"] as? String == "150ms")

                _ = try await server.get("/bytes/10")
                await server.settled()
                let entry = try #require(server.journal.entries(path: "/bytes/10").first)
                #expect(try #require(entry.timeToFirstByte) >= .milliseconds(150))

                // JSON numbers are seconds and bytes per second; a new PUT replaces the whole link.
                let numbers = try await server.send(.put, "/_lab/link", body: #"{"latency": 0.05, "link-bandwidth": 500000}"#)
                #expect(numbers.status == 200)
                #expect(server.link == LinkProfile(latency: .milliseconds(50), linkBandwidth: .bytesPerSecond(500_000)))
            }
        }

        @Test(arguments: [
            ("", "empty"),
            ("not json", "not valid JSON"),
            ("[1, 2]", "send a JSON object"),
            (#"{"latncy": "1ms"}"#, #""latncy" is not a link parameter"#),
            (#"{"latency": "soon"}"#, "is not a duration"),
            (#"{"latency": -1}"#, "is not a duration"),
            // Valid JSON grammar with a number no Double holds: the message names the number.
            (#"{"latency": 1e400}"#, "not valid JSON: the number 1e400 is out of range"),
            // Too long, in either form: the value as the user wrote it, not a saturated one.
            (#"{"latency": "100000000000000000000s"}"#, "latency: 100000000000000000000s is out of range; use a duration from 0 to 24h"),
            (#"{"latency": 9e18}"#, "latency: 9e+18s is out of range"),
            (#"{"bandwidth": "10Mb/s"}"#, "is not a rate"),
            (#"{"bandwidth": 0}"#, "a rate of zero"),
            (#"{"jitter": "sometimes"}"#, "is not a jitter"),
            (#"{"bandwidth": true}"#, "is not a rate"),
        ])
        func putLink_withBadJSON_answers400_andKeepsTheLink(body: String, message: String) async throws {
            let link = LinkProfile(latency: .milliseconds(5))
            try await withMockServer(.init(link: link)) { server in
                let response = try await server.send(.put, "/_lab/link", body: body)
                #expect(response.status == 400)
                #expect(response.text.hasPrefix("link: "))
                #expect(response.text.contains(message), "\(response.text)")
                #expect(server.link == link)
            }
        }

        @Test func putFaults_withGoodJSON_installsThePlan_andAnEmptyListClearsIt() async throws {
            try await withMockServer { server in
                let put = try await server.send(.put, "/_lab/faults", body: #"{"fault": "status:503", "fault-first": 1, "retry-after": "2"}"#)
                #expect(put.status == 200)
                let installed = try #require((try put.jsonObject()["faults"] as? [[String: Any]])?.first)
                #expect(installed["fault"] as? String == "status:503")
                #expect(installed["fault-first"] as? Int == 1)
                #expect(installed["retry-after"] as? Int == 2)
                #expect(server.faults == [Fault.status(503).first(1).retryAfter(2)])
                let failed = try await server.get("/bytes/10")
                #expect(failed.status == 503)
                #expect(failed["Retry-After"] == "2")
                #expect(try await server.get("/bytes/10").status == 200)

                let list = try await server.send(.put, "/_lab/faults", body: #"{"faults": [{"fault": "close", "fault-rate": 0.5}, {"fault": "reset"}]}"#)
                #expect(list.status == 200)
                #expect(server.faults == [Fault.close.rate(0.5), FaultRule(.reset)])
                let array = try await server.send(.put, "/_lab/faults", body: #"[{"fault": "corrupt:3"}]"#)
                #expect(array.status == 200)
                #expect(server.faults == [FaultRule(.corrupt(count: 3))])
                let shown = try await server.get("/_lab/faults").jsonObject()
                #expect(shown["faults"] as? [[String: String]] == [["fault": "corrupt:3"]])
                let cleared = try await server.send(.put, "/_lab/faults", body: #"{"faults": []}"#)
                #expect(cleared.status == 200)
                #expect(server.faults == .none)
            }
        }

        @Test(arguments: [
            ("", "empty"),
            ("{", "not valid JSON"),
            (#"{"fault": "explode"}"#, #""explode" is not a fault"#),
            (#"{"fault": "reset", "fault-rate": 2}"#, "fault-rate"),
            (#"{"fault": "reset", "retry-after": 5}"#, "applies only to status"),
            (#"{"fault": "reset", "extra": 1}"#, #"unknown key "extra""#),
            (#"{"faults": "reset"}"#, "expected"),
            (#"[{"fault": true}]"#, "must be a string or a number"),
            (#"{"fault-rate": 0.5}"#, #"a rule needs "fault""#),
        ])
        func putFaults_withBadJSON_answers400_andKeepsThePlan(body: String, message: String) async throws {
            let plan: FaultPlan = [Fault.status(500).rate(0)]
            try await withMockServer(.init(faults: plan)) { server in
                let response = try await server.send(.put, "/_lab/faults", body: body)
                #expect(response.status == 400)
                #expect(response.text.hasPrefix("faults: "))
                #expect(response.text.contains(message), "\(response.text)")
                #expect(server.faults == plan)
            }
        }

        @Test func controlEndpoints_areNeverShapedNorFaulted() async throws {
            let configuration = MockServer.Configuration(link: LinkProfile(latency: .seconds(5)), faults: [FaultRule(.reset)])
            try await withMockServer(configuration) { server in
                let journal = try await server.get("/_lab/journal")
                #expect(journal.status == 200)
                let put = try await server.send(.put, "/_lab/faults", body: "[]")
                #expect(put.status == 200)
                await server.settled()
                for entry in server.journal.entries {
                    #expect(entry.fault == nil)
                    #expect(try #require(entry.timeToFirstByte) < .seconds(1))
                }
            }
        }

        @Test func unknownControlEndpoint_answers404_andDisabledOnesDoNotExist() async throws {
            try await withMockServer { server in
                let unknown = try await server.get("/_lab/nope")
                #expect(unknown.status == 404)
                #expect(unknown.text.contains("/_lab/journal, /_lab/journal.har, /_lab/link or /_lab/faults"))
            }
            try await withMockServer(.init(controlEndpoints: false)) { server in
                let journal = try await server.get("/_lab/journal")
                #expect(journal.status == 404)
                let put = try await server.send(.put, "/_lab/link", body: #"{"latency": "1s"}"#)
                #expect(put.status == 404)
                #expect(server.link == .unlimited)
            }
        }
    }
}
