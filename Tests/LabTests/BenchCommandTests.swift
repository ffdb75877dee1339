import Foundation
import Testing

/// `lab bench` as a user runs it: the built binary, its exit status and the shape of its
/// output. The numbers of a `--quick` debug run mean nothing and are not checked.
@Suite struct BenchCommandTests {
    @Test func benchServerQuick_printsEverySectionAndAVerdictPerTarget() throws {
        let run = try BenchRun(["bench", "server", "--quick"])
        #expect(run.status == 0, "\(run.stderr)")
        for title in ["Single-stream throughput", "Requests per second", "Memory", "Start and close", "Targets ("] {
            #expect(run.stdout.contains(title), "no \(title) in \(run.stdout)")
        }
        let verdicts = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  MET ") || $0.hasPrefix("  MISSED ") }
        #expect(verdicts.count == 3)
        #expect(run.stdout.contains("load average"))
    }

    @Test func benchAllQuickJSON_reportsFourBenchmarksWithFiguresAndTargets() throws {
        let run = try BenchRun(["bench", "--quick", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let benchmarks = try #require(document["benchmarks"] as? [[String: Any]])
        #expect(benchmarks.compactMap { $0["benchmark"] as? String } == ["server", "link", "client", "scale"])
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

    @Test(arguments: [["bench", "nope"], ["bench", "server", "--fast"], ["bench", "server", "link"], ["bench", "scale-client"]])
    func benchUsageError_exits2_withOneLine(arguments: [String]) throws {
        let run = try BenchRun(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("lab: "))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func benchHelp_namesTheBenchmarksWithExamples() throws {
        let run = try BenchRun(["bench", "--help"])
        #expect(run.status == 0)
        for word in ["server", "link", "client", "scale", "--quick", "--json", "EXAMPLES"] {
            #expect(run.stdout.contains(word))
        }
        #expect(!run.stdout.contains("scale-client"))
    }
}

/// One run of the built `lab` binary (beside the test bundle in `.build/debug/`).
private struct BenchRun {
    var status: Int32
    var stdout: String
    var stderr: String

    init(_ arguments: [String]) throws {
        let process = Process()
        let bundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var binaries = bundle.deletingLastPathComponent()
        while binaries.path != "/", !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("lab").path) {
            binaries = binaries.deletingLastPathComponent()
        }
        process.executableURL = binaries.appendingPathComponent("lab")
        process.arguments = arguments
        // Files, not pipes: a pipe that fills up while nobody reads it would block the run.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lab-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
    }
}
