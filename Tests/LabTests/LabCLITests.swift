import Foundation
@testable import Lab
import TestSupport
import Testing

@Suite struct LabCLITests {
    @Test(arguments: [["--help"], ["run", "--help"], ["sweep", "--help"], ["profiles", "--help"], ["help", "run"]])
    func help_exitsZero_withExamples(arguments: [String]) async throws {
        let output = try await LabProcess.run(arguments)
        #expect(output.status == 0)
        #expect(output.stdout.contains("EXAMPLES"))
    }

    /// `lab serve` and `lab proxy` shape both directions: their help names every link flag
    /// they take (serve's left out the two upload caps it has always taken).
    @Test func serveAndProxyHelp_nameEveryLinkFlag() {
        for help in [ServeCommand.help, ProxyCommand.help] {
            for key in LabParsing.LinkFlags.keys {
                #expect(help.contains("[--\(key) "), "\(key) missing from the usage line of: \(help.prefix(60))")
                #expect(help.contains("\n  --\(key) "), "\(key) missing from the options of: \(help.prefix(60))")
            }
        }
    }

    /// README says `lab serve --help` "lists every flag" and names them: every one.
    @Test func readme_namesEveryFlagOfServe() throws {
        let readme = try TextFile.read(Repository.root.appendingPathComponent("README.md").path)
        let list = try #require(readme.firstMatch(of: /`lab serve --help` lists every flag:([^(]*)\(/)?.output.1)
        let flags = Set(ServeCommand.help.matches(of: /\n  (--[a-z-]+)/).map { String($0.output.1) })
        #expect(flags.count > 20, "\(flags)")
        for flag in flags where flag != "--help" {
            #expect(list.contains("`\(flag)`"), "README's list of lab serve's flags leaves out \(flag)")
        }
    }

    @Test func help_listsEveryCommand_withItsSummaryInOneColumn() {
        let lines = LabCLI.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let columns = LabCLI.commands.map { command -> Int? in
            guard let line = lines.first(where: { $0.hasPrefix("  \(command.name) ") }), let range = line.range(of: command.summary) else { return nil }
            return line.distance(from: line.startIndex, to: range.lowerBound)
        }
        #expect(!columns.contains(nil), "a command missing from: \(LabCLI.help)")
        #expect(Set(columns).count == 1, "summaries start at columns \(columns)")
        // At least two spaces between the longest name and its summary.
        #expect(columns.compactMap { $0 }.allSatisfy { $0 >= 2 + LabCLI.commands.map(\.name.count).max()! + 2 })
    }

    /// `NAME=1UNIT,2UNIT,...,100UNIT`: one axis of a hundred values.
    static func hundred(_ name: String, _ unit: String) -> String {
        "\(name)=" + (1...100).map { (value: Int) -> String in "\(value)\(unit)" }.joined(separator: ",")
    }

    @Test(arguments: [
        (["run", "no-such-experiment"], "neither an experiment"),
        (["run", "--count", "0"], "--count"),
        // A few zeros too many: the model alone took minutes and more memory than the machine had.
        (["run", "--count", "100000000", "--simulate"], #"--count: "100000000" is not a count; use a whole number from 1 to 1000000"#),
        (["sweep", "--vary", "count=10,10000000", "--simulate"], "from 1 to 1000000"),
        // Jobs times size past Int64 trapped the model (the size alone is valid).
        (["run", "--count", "2", "--size", "9223372036854775807", "--simulate"], "more bytes than a run can count"),
        (["sweep", "--vary", "size=1KB,9223372036854775807", "--simulate"], "more bytes than a run can count"),
        // A million points wanted more memory than the machine had.
        (["sweep", "--vary", LabCLITests.hundred("latency", "ms"), "--vary", LabCLITests.hundred("count", ""), "--vary", LabCLITests.hundred("size", "KB"), "--simulate"],
         "--vary: 100 × 100 × 100 values make more points than a sweep takes (10000)"),
        // A hash run holds its payloads in memory: past half of the machine's, it was killed.
        (["run", "cpu-bound", "--count", "100000", "--size", "1GiB"], "the hash workload holds its 100000 payloads in memory"),
        (["run", "--modes", "sequential,parallel"], "not a mode"),
        (["run", "--size", "10mb"], "--size"),
        (["run", "--latency", "soon"], "latency"),
        (["run", "cpu-bound", "--latency", "10ms"], "do not apply"),
        (["run", "--frobnicate"], "unknown option --frobnicate"),
        (["sweep"], "--vary"),
        (["sweep", "--vary", "colour=red"], "cannot be varied"),
        (["sweep", "--vary", "latency=fast"], "latency"),
        (["frobnicate"], "unknown command"),
        (["serve", "--bandwidth", "0.5B/s"], "from 1B/s"),
        (["serve", "--latency", "86401s"], "from 0 to 24h"),
        (["serve", "--fault", "slice:0,1ms"], "SIZE must be 1 or more"),
        (["run", "--simulate", "--jitter", "normal:86401s"], "from 0 to 24h"),
        (["serve", "--fault-rate", "0.5"], "--fault-rate needs --fault SPEC"),
        (["serve", "--fault", "reset", "--fault-rate", "2"], #"--fault-rate: "2" must be a number from 0 to 1"#),
        (["serve", "--fault", "reset", "--retry-after", "5"], #"--retry-after: "5" applies only to status:CODE"#),
        (["proxy", "--upstream", "127.0.0.1:9", "--fault-first", "x", "--fault", "reset"], #"--fault-first: "x" must be a whole number"#),
        (["serve", "--fault", "corrupt:0"], #"--fault: "corrupt:0" is not a valid fault"#),
        (["sweep", "--latencies", "0ms,50ms"], "unknown option --latencies"),
        (["run", "--latencies", "0ms"], "unknown option --latencies"),
        // Their downloads send no body: an upload cap was taken and did nothing.
        (["run", "--upload-bandwidth", "1MB/s", "--simulate"], "--upload-bandwidth caps request bodies, and the downloads of 'lab run' send none"),
        (["sweep", "--vary", "latency=0ms,50ms", "--upload-link-bandwidth", "1MB/s", "--simulate"], "--upload-link-bandwidth caps request bodies"),
    ])
    func usageError_exits2_withOneLine(arguments: [String], mention: String) async throws {
        let output = try await LabProcess.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("lab: "))
        #expect(output.stderr.contains(mention), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test func profiles_listsThePresetsWithTheirNumbers() async throws {
        let output = try await LabProcess.run(["profiles"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("article"))
        #expect(output.stdout.contains("11084313B/s"))
        let json = try await LabProcess.run(["profiles", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(list?.contains { $0["name"] as? String == "3g" } == true)
    }

    @Test func noColor_keepsEscapeCodesOut() async throws {
        let out = try TemporaryFolder()
        defer { out.remove() }
        let output = try await LabProcess.run(["run", "--simulate", "--out", out.path], environment: ["NO_COLOR": "1"])
        #expect(!output.stdout.contains("\u{1B}["))
        #expect(!output.stderr.contains("\u{1B}["))
    }
}
