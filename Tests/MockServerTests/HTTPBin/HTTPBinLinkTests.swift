import Foundation
import MockServer
import Testing
import TestSupport

extension LiveServerTests {
    /// The emulated link and the faults apply to the httpbin endpoints like any other: the
    /// link's latency adds to a handler's own time, and a fault replaces or cuts its answer.
    @Suite struct HTTPBinLinkTests {
        @Test func delay_overALatency_takesBoth() async throws {
            try await withMockServer(.init(link: LinkProfile(latency: .milliseconds(200)))) { server in
                // curl times itself, in its own process.
                let result = try await Curl.run(server.url("/delay/1"), writeOut: "%{http_code} %{time_starttransfer}")
                let fields = result.writeOut.split(separator: " ")
                #expect(fields.first == "200")
                let seconds = try #require(fields.last.flatMap { Double($0) })
                #expect(seconds >= 1.2, "\(seconds)")
                #expect(seconds < 6, "\(seconds)")
                await server.settled()
                let ttfb = try #require(server.journal.entries.first?.timeToFirstByte)
                #expect(ttfb >= .milliseconds(1200) && ttfb < .seconds(3), "\(ttfb)")
            }
        }

        @Test func delays_holdNoThread_whenManyWaitAtOnce() async throws {
            try await withMockServer { server in
                // Eight delays at once: were each to hold one of the pool's two threads, the
                // batch would take four times as long as one.
                let runs = try await (0..<8).asyncMap { try await Curl.run(server.url("/delay/0.8?n=\($0)"), writeOut: "%{http_code} %{time_total}") }
                let fields = runs.map { $0.writeOut.split(separator: " ") }
                #expect(fields.allSatisfy { $0.first == "200" }, "\(runs.map(\.writeOut))")
                let longest = fields.compactMap { $0.last.flatMap { Double($0) } }.max() ?? 0
                #expect(longest >= 0.8 && longest < 3.2, "\(longest)")
            }
        }

        @Test func drip_sendsItsFirstByteAtOnce_andItsLastAfterTheDuration() async throws {
            try await withMockServer { server in
                let result = try await Curl.run(server.url("/drip?numbytes=5&duration=1&delay=0.3"), writeOut: "%{time_starttransfer} %{time_total}")
                let times = result.writeOut.split(separator: " ").compactMap { Double($0) }
                #expect(result.body == Array("*****".utf8))
                #expect(times.count == 2)
                // The head after the delay, the first byte with it, and the fifth a pause of
                // duration/numbytes after each of the four before it.
                #expect(times.first ?? 0 >= 0.3 && times.first ?? 9 < 3, "\(times)")
                #expect(times.last ?? 0 >= 1.099 && times.last ?? 9 < 6, "\(times)")
            }
        }

        @Test func streams_areChunked_andRangeDurationPacesTheBody() async throws {
            try await withMockServer { server in
                let stream = try await Curl.run(server.url("/stream/3"), ["-D", "-"], writeOut: "")
                #expect(String(decoding: stream.body, as: UTF8.self).split(separator: "\n").count == 3)
                #expect(stream.writeOut.lowercased().contains("transfer-encoding: chunked"), "\(stream.writeOut)")
                let range = try await Curl.run(server.url("/range/100?duration=0.5&chunk_size=10"), writeOut: "%{time_starttransfer} %{time_total}")
                let times = range.writeOut.split(separator: " ").compactMap { Double($0) }
                #expect(range.body.count == 100)
                #expect((times.last ?? 0) - (times.first ?? 0) >= 0.4, "\(times)")
                await server.settled()
                #expect(server.journal.entries.first?.bytesSent == Int64(stream.body.count))
            }
        }

        @Test func labServe_servesTheEndpoints_throughItsLink() async throws {
            let lab = try LabProcess(["serve", "--latency", "150ms"])
            let url = try await lab.url()
            let result = try await Curl.run(url.appendingPathComponent("user-agent"), ["-A", "suite/1"], writeOut: "%{http_code} %{time_starttransfer}")
            lab.terminate()
            _ = try await lab.exit()
            let fields = result.writeOut.split(separator: " ")
            #expect(fields.first == "200")
            #expect((fields.last.flatMap { Double($0) } ?? 0) >= 0.15, "\(result.writeOut)")
            #expect(String(decoding: result.body, as: UTF8.self).contains(#""user-agent" : "suite/1""#))
        }

        @Test func queryFaults_applyToHttpbinEndpoints() async throws {
            try await withMockServer { server in
                let injected = try await server.get("/get?fault=status:503")
                #expect(injected.status == 503)
                let cut = try await Curl.run(server.url("/stream-bytes/5000?fault=truncate-after:100"))
                #expect(cut.exitCode == 18)  // partial file
                #expect(cut.body.count == 100)
                let latency = try await Curl.run(server.url("/uuid?latency=300ms"), writeOut: "%{time_starttransfer}")
                #expect((Double(latency.writeOut) ?? 0) >= 0.3)
            }
        }

        @Test func serverFaults_applyToHttpbinEndpoints() async throws {
            try await withMockServer(.init(faults: FaultPlan([Fault.status(500).first(1)]))) { server in
                let first = try await server.get("/json")
                let second = try await server.get("/json")
                #expect(first.status == 500)
                #expect(second.status == 200)
            }
        }
    }
}

extension Sequence where Element: Sendable {
    /// `transform` applied to each element concurrently, results in order.
    func asyncMap<T: Sendable>(_ transform: @escaping @Sendable (Element) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for (index, element) in enumerated() { group.addTask { (index, try await transform(element)) } }
            var results: [(Int, T)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
