import Foundation
import TestSupport
import Testing

extension LiveTests {
    /// `lab bench` as a user runs it: the built binary, its exit status and the shape of its
    /// output. The numbers of a `--quick` debug run mean nothing and are not checked. Among
    /// the live tests, which run one at a time: a benchmark keeps both cores busy.
    @Suite struct BenchCommandTests {
        @Test func benchServerQuick_printsEverySectionAndAVerdictPerTarget_andExits1OnAMiss() async throws {
            let run = try await LabProcess.run(["bench", "server", "--quick"])
            for title in ["Single-stream throughput", "Requests per second", "Memory", "Start and close", "Targets ("] {
                #expect(run.stdout.contains(title), "no \(title) in \(run.stdout)")
            }
            let verdicts = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  MET ") || $0.hasPrefix("  MISSED ") }
            #expect(verdicts.count == 3)
            #expect(run.stdout.contains("load average"))
            // A debug --quick run may miss its targets; the exit status must say whether it did.
            let missed = verdicts.contains { $0.hasPrefix("  MISSED ") }
            #expect(run.status == (missed ? 1 : 0), "\(run.stdout)\n\(run.stderr)")
        }

        /// One `lab bench --quick --json --no-fail` (every benchmark, about 10 s), read by the
        /// tests of the JSON below: running a benchmark again for each would double the time.
        private static let everyBenchmark = Task { () throws -> LabProcess.Output in
            try await LabProcess.run(["bench", "--quick", "--json", "--no-fail"])
        }

        /// The sections' figures and the targets of one benchmark of ``everyBenchmark``.
        private static func benchmark(_ name: String) async throws -> (sections: [[String: Any]], targets: [[String: Any]]) {
            let run = try await everyBenchmark.value
            let benchmarks = try #require(try run.json()["benchmarks"] as? [[String: Any]])
            let benchmark = try #require(benchmarks.first { $0["benchmark"] as? String == name }, "no \(name)")
            return (benchmark["sections"] as? [[String: Any]] ?? [], benchmark["targets"] as? [[String: Any]] ?? [])
        }

        @Test func benchAllQuickJSON_reportsEveryBenchmarkWithFiguresAndTargets() async throws {
            let run = try await Self.everyBenchmark.value
            #expect(run.status == 0, "\(run.stderr)")
            let document = try run.json()
            let benchmarks = try #require(document["benchmarks"] as? [[String: Any]])
            #expect(benchmarks.compactMap { $0["benchmark"] as? String } == ["server", "link", "client", "scale", "proxy"])
            for benchmark in benchmarks {
                #expect(benchmark["error"] == nil, "\(benchmark["error"] ?? "")")
                let sections = try #require(benchmark["sections"] as? [[String: Any]])
                #expect(!sections.isEmpty)
                for section in sections {
                    let figures = try #require(section["figures"] as? [[String: Any]])
                    #expect(figures.allSatisfy { $0["key"] is String && $0["value"] is Double && $0["unit"] is String })
                    #expect(!(section["definitions"] as? [String] ?? []).isEmpty)
                }
                let targets = try #require(benchmark["targets"] as? [[String: Any]])
                #expect(!targets.isEmpty)
                #expect(targets.allSatisfy { $0["met"] is Bool && $0["statement"] is String })
            }
        }

        @Test func benchLink_decidesOnTheClient_withTheServersJournalBeside() async throws {
            let (sections, targets) = try await Self.benchmark("link")
            let titles = sections.compactMap { $0["title"] as? String }
            for title in ["Bandwidth caps", "Time to first byte", "Shared link, equal shares", "Shared link, mixed caps", "The article"] {
                #expect(titles.contains { $0.hasPrefix(title) }, "no \(title) in \(titles)")
            }
            // Every link figure is the client's, with the server's journal beside it.
            let figures = sections.flatMap { $0["figures"] as? [[String: Any]] ?? [] }
            let notes = figures.compactMap { $0["note"] as? String }
            #expect(notes.filter { $0.contains("server journal") }.count > 10, "\(notes)")
            #expect(notes.contains { $0.contains("closed form") }, "\(notes)")
            #expect(figures.contains { ($0["label"] as? String)?.contains("vs LinkModel") == true })
            #expect(targets.count == 9, "\(targets)")
            // Timing-free: the model against the hand-worked closed forms.
            #expect(targets.contains { $0["met"] as? Bool == true && ($0["statement"] as? String)?.contains("LinkModel agrees") == true }, "\(targets)")
        }

        @Test func benchProxy_saysWhatEachPathCosts_andWhoWasShortOfCPU() async throws {
            let figures = try await Self.benchmark("proxy").sections.flatMap { $0["figures"] as? [[String: Any]] ?? [] }
            func value(_ key: String) -> Double? { figures.first { $0["key"] as? String == key }?["value"] as? Double }
            // The proxied HTTP bodies went straight from the upstream's socket (all but the bytes
            // that came with each head: a few MiB at most of a --quick run's 64 MiB), not
            // through a stream (which would make this 0).
            #expect((value("http.throughput.sent.directly") ?? 0) > 0.9)
            for key in ["throughput.proxy.cpu", "throughput.reader.proxied", "capped.error.max", "capped.outside",
                        "capped.reader.busy", "capped.proxy.busy", "capped.proxy.waiting",
                        "http.throughput.cpu.direct", "http.throughput.cpu.proxied", "http.throughput.ceiling"] {
                #expect(value(key) != nil, "no \(key)")
            }
            #expect((value("capped.reader.busy") ?? -1) >= 0)
            // Both paths say what the cores allow, from CPU the proxied transfer did spend.
            #expect((value("throughput.ceiling") ?? 0) > 0 && (value("http.throughput.ceiling") ?? 0) > 0)
            #expect((value("http.throughput.cpu.proxied") ?? 0) > 0)
        }

        @Test(arguments: [["bench", "nope"], ["bench", "server", "--fast"], ["bench", "server", "link"], ["bench", "scale-client"]])
        func benchUsageError_exits2_withOneLine(arguments: [String]) async throws {
            let run = try await LabProcess.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr.hasPrefix("lab: "))
            #expect(run.stderr.split(separator: "\n").count == 1)
        }

        @Test func benchHelp_namesTheBenchmarksWithExamples() async throws {
            let run = try await LabProcess.run(["bench", "--help"])
            #expect(run.status == 0)
            for word in ["server", "link", "client", "scale", "--quick", "--json", "--no-fail", "EXAMPLES"] {
                #expect(run.stdout.contains(word))
            }
            #expect(!run.stdout.contains("scale-client"))
        }
    }
}
