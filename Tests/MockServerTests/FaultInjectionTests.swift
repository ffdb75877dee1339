import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// Every fault as a real client lives it (curl's exit codes are the contract), and when faults
    /// fire: first requests, seeded rates, per URL, from the configuration, a route or at run time.
    @Suite struct FaultInjectionTests {
        // MARK: - As curl sees them

        @Test func reset_isARecvFailure() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/bytes/1MB?fault=reset"))
                #expect(result.exitCode == 56, "\(result.stderr)")
                #expect(result.stderr.contains("reset"))
                #expect(result.body.isEmpty)
                await server.settled()
                let entry = try await server.entry("/bytes/1MB?fault=reset")
                #expect(entry.fault == "reset")
                #expect(entry.status == nil)
                #expect(entry.outcome == .fault)
            }
        }

        @Test func close_isAnEmptyReply() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/bytes/1MB?fault=close"))
                #expect(result.exitCode == 52, "\(result.stderr)")
                #expect(result.body.isEmpty)
            }
        }

        @Test func truncateAfter_isAPartialFile_ofExactlyThatSize() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/bytes/1MB?fault=truncate-after:100KB"))
                #expect(result.exitCode == 18, "\(result.stderr)")
                #expect(result.status == 200)
                #expect(try result.body == Payload.bytes(seed: 0, count: 100_000))
                await server.settled()
                #expect(try await server.entry("/bytes/1MB?fault=truncate-after:100KB").bytesSent == 100_000)
            }
        }

        @Test func resetAfter_isARecvFailure_afterThatManyBytes() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/bytes/1MB?fault=reset-after:64KiB"))
                #expect(result.exitCode == 56, "\(result.stderr)")
                // A reset may discard what the client had not read yet: at most SIZE bytes arrive.
                #expect(result.body.count <= 65_536)
                #expect(try result.body == Payload.bytes(seed: 0, count: result.body.count))
                await server.settled()
                #expect(try await server.entry("/bytes/1MB?fault=reset-after:64KiB").bytesSent == 65_536)
            }
        }

        @Test func stallAfter_isATimeout_withThatManyBytes_andCloseDoesNotWaitForIt() async throws {
            let server = try await MockServer.start()
            let result = try await Curl.run(server.url("/bytes/1MB?fault=stall-after:100KB"), ["--max-time", "0.5"])
            #expect(result.exitCode == 28, "\(result.stderr)")
            #expect(try result.body == Payload.bytes(seed: 0, count: 100_000))
            // A stalled response is not in flight: close() drops it at once.
            let (_, seconds) = await timedAsync { await server.close() }
            // Waiting for a stall would be forever (timed across awaits: only that is sure).
            #expect(seconds < 10, "\(seconds)")
            let entry = try await server.entry("/bytes/1MB?fault=stall-after:100KB")
            #expect(entry.fault == "stall-after:100KB")
            #expect(entry.bytesSent == 100_000)
        }

        @Test func malformed_isAProtocolError() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/bytes/1MB?fault=malformed"))
                // curl 7.88 stops at the status line (1, unsupported protocol); others at the NUL (8).
                #expect([1, 8].contains(result.exitCode), "\(result.exitCode): \(result.stderr)")
            }
        }

        @Test func corrupt_flipsExactlyNBytes_atTheSamePlacesEveryTime() async throws {
            try await withMockServer(.init(seed: 21)) { server in
                let target = "/bytes/100KB?fault=corrupt:16"
                let first = try await Curl.run(server.url(target))
                let second = try await Curl.run(server.url(target))
                let clean = try Payload.bytes(seed: 21, count: 100_000)
                #expect(first.exitCode == 0 && first.status == 200)
                #expect(first.body.count == clean.count)
                let differing = first.body.indices.filter { first.body[$0] != clean[$0] }.map(Int64.init)
                #expect(differing.count == 16)
                #expect(differing == Fault.corruptionPositions(count: 16, bodyLength: 100_000, seed: 21, method: "GET", url: target))
                #expect(second.body == first.body)
            }
        }

        @Test func statusWithRetryAfter_sendsTheHeader() async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/1MB?fault=status:503&retry-after=5")
                #expect(response.status == 503)
                #expect(response["Retry-After"] == "5")
                #expect(response.text.contains("injected by fault status:503"))
                let head = try await server.get("/bytes/1MB?fault=status:503&retry-after=5", method: .head)
                #expect(head.status == 503)
                #expect(head.body.isEmpty)
            }
        }

        // MARK: - When faults fire

        @Test func faultFirst_failsTheFirstRequests_thenServes() async throws {
            try await withMockServer { server in
                var exits: [Int32] = []
                for _ in 0..<4 { exits.append(try await Curl.run(server.url("/bytes/10KB?fault=reset&fault-first=2")).exitCode) }
                #expect(exits == [56, 56, 0, 0])
                var statuses: [Int] = []
                for _ in 0..<3 { statuses.append(try await server.get("/bytes/10?fault=status:503&fault-first=2").status) }
                #expect(statuses == [503, 503, 200])
            }
        }

        static func statuses(_ server: MockServer, _ target: String, count: Int) async throws -> [Int] {
            var statuses: [Int] = []
            for _ in 0..<count { statuses.append(try await server.get(target).status) }
            return statuses
        }

        static func predicted(seed: UInt64, _ target: String, count: Int) -> [Int] {
            let rule = FaultRule(.status(500), rate: 0.5)
            return (0..<count).map { rule.fires(seed: seed, method: "GET", url: target, ordinal: $0) ? 500 : 200 }
        }

        @Test func faultRate_firesOnTheSameRequests_forTheSameSeed() async throws {
            let target = "/bytes/10?fault=status:500&fault-rate=0.5"
            let a = try await withMockServer(.init(seed: 1)) { try await Self.statuses($0, target, count: 20) }
            let b = try await withMockServer(.init(seed: 1)) { try await Self.statuses($0, target, count: 20) }
            let c = try await withMockServer(.init(seed: 2)) { try await Self.statuses($0, target, count: 20) }
            #expect(a == b)
            #expect(a != c)
            #expect(a == Self.predicted(seed: 1, target, count: 20))
            #expect(c == Self.predicted(seed: 2, target, count: 20))
            #expect(a.contains(500) && a.contains(200))
        }

        @Test func faultRate_firesOnTheSameRequests_acrossServerProcesses() async throws {
            // Two `lab serve` processes with seed 1 fire on the same requests; seed 2 differs.
            let target = "/bytes/10?fault=status:500&fault-rate=0.5"
            func statuses(seed: Int) async throws -> [Int] {
                let lab = try LabProcess(["serve", "--seed", String(seed)])
                let port = try #require(try await lab.url().port)
                let statuses = try await blocking {
                    try (0..<20).map { _ in try RawConnection(port: port).exchange(RawConnection.request("GET", target)).status }
                }
                lab.terminate()
                #expect(try await lab.exit().status == 0)
                return statuses
            }
            let first = try await statuses(seed: 1)
            let second = try await statuses(seed: 1)
            let other = try await statuses(seed: 2)
            #expect(first == second)
            #expect(first != other)
            #expect(first == Self.predicted(seed: 1, target, count: 20))
        }

        @Test func concurrentRequestsToDifferentURLs_keepTheirOwnDecisions() async throws {
            let targets = ["/bytes/10?fault=status:500&fault-rate=0.5&u=a", "/bytes/20?fault=status:500&fault-rate=0.5&u=b"]
            try await withMockServer(.init(seed: 9)) { server in
                let sequences = try await withThrowingTaskGroup(of: (Int, [Int]).self) { group in
                    for (index, target) in targets.enumerated() {
                        group.addTask { (index, try await Self.statuses(server, target, count: 12)) }
                    }
                    return try await group.reduce(into: [Int: [Int]]()) { $0[$1.0] = $1.1 }
                }
                for (index, target) in targets.enumerated() {
                    #expect(sequences[index] == Self.predicted(seed: 9, target, count: 12), "\(target)")
                }
            }
        }

        @Test func faultsFromTheConfiguration_applyToEveryEndpointButTheControlOnes() async throws {
            try await withMockServer(.init(faults: [Fault.status(502).first(1)])) { server in
                let bytes = try await Self.statuses(server, "/bytes/10", count: 2)
                let status = try await server.get("/status/204")
                let control = try await server.get("/_lab/faults")
                #expect(bytes == [502, 200])
                #expect(status.status == 502)
                #expect(control.status == 200)
            }
        }

        @Test func routeFaults_replaceTheServerFaults_andQueryFaultsWinOverBoth() async throws {
            let routes = [
                Route(.get, "/flaky", faults: [Fault.status(503).first(1)]) { _ in .text("ok") },
                Route(.get, "/plain") { _ in .text("plain") },
            ]
            try await withMockServer(.init(faults: [Fault.status(500).first(1)], routes: routes)) { server in
                let flaky = try await Self.statuses(server, "/flaky", count: 2)
                let plain = try await Self.statuses(server, "/plain", count: 2)
                let query = try await server.get("/flaky?fault=status:418")
                #expect(flaky == [503, 200])
                #expect(plain == [500, 200])
                #expect(query.status == 418)
            }
        }

        @Test func setFaults_atRunTime_appliesToTheNextRequests() async throws {
            try await withMockServer { server in
                let before = try await server.get("/bytes/10")
                try server.setFaults([FaultRule(.status(507))])
                let during = try await server.get("/bytes/10")
                try server.setFaults(.none)
                let after = try await server.get("/bytes/10")
                #expect([before.status, during.status, after.status] == [Int]([200, 507, 200]))
                #expect(server.faults == .none)
            }
        }

        @Test func slice_sendsPiecesSpacedByTheDelay() async throws {
            try await withMockServer { server in
                let target = "/bytes/50KB?fault=slice:10KB,100ms"
                let response = try await server.get(target)
                #expect(try response.body == Payload.bytes(seed: 0, count: 50_000))
                await server.settled()
                // Five pieces starting 0, 100, 200, 300 and 400 ms after the first: exactly so
                // on virtual time (VirtualServerTests); here never sooner, and not ten times later.
                let entry = try await server.entry(target)
                #expect(entry.duration.seconds >= 0.4 && entry.duration.seconds < 4, "\(entry.duration)")
                #expect(entry.fault == "slice:10KB,100ms")
                #expect(entry.outcome == .fault)
            }
        }

        @Test func journal_countsFaultsByKind_andNamesEachOne() async throws {
            try await withMockServer { server in
                _ = try await Curl.run(server.url("/bytes/10KB?fault=reset"))
                _ = try await Curl.run(server.url("/bytes/10KB?fault=truncate-after:1000"))
                _ = try await server.get("/bytes/10?fault=status:503")
                _ = try await server.get("/bytes/10?fault=status:500")
                _ = try await server.get("/bytes/10")
                await server.settled()
                #expect(server.journal.faultCounts == ["reset": 1, "truncate-after": 1, "status": 2])
                #expect(server.journal.entries.map(\.fault) == ["reset", "truncate-after:1KB", "status:503", "status:500", nil])
                #expect(server.journal.entries.map(\.outcome) == [.fault, .fault, .fault, .fault, .complete])
                let json = try await server.get("/_lab/journal").jsonObject()
                #expect(json["faults"] as? [String: Int] == ["reset": 1, "truncate-after": 1, "status": 2])
                let requests = try #require(json["requests"] as? [[String: Any]])
                #expect(requests.map { $0["fault"] as? String } == ["reset", "truncate-after:1KB", "status:503", "status:500", nil])
            }
        }
    }
}
