import Foundation
import MockServer
import TestSupport
import Testing

extension LiveServerTests {
    /// `lab serve --replay`: files and folders replayed, and files that are not HAR refused with
    /// exit 2 and one line naming the file, before anything is served.
    @Suite struct ReplayFilesTests {
        @Test func serve_replaysAFolderOfHARFiles_besideTheBuiltIns() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try folder.write("recordings/devtools.har", DevToolsExport.json)
            // With a data: URL, which browsers record too and no request can reach.
            let second = HARArchive(entries: ["https://other.example.com/health", "data:text/plain,ok"].map { url in
                HAREntry(
                    started: Date(), request: HARRequest(method: "GET", url: url, headers: [:]),
                    response: HARResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("ok".utf8)),
                    timings: HARTimings(send: 0, wait: 1, receive: 1)
                )
            })
            try folder.write("recordings/other.har", String(decoding: second.encoded(), as: UTF8.self))
            try folder.write("recordings/notes.txt", "not a recording, not read")

            let lab = try LabProcess(["serve", "--replay", folder.path + "/recordings", "--replay-match-body"])
            let url = try await lab.url()
            let health = try await Curl.run(url.appendingPathComponent("health"))
            let png = try await Curl.run(url.appendingPathComponent("logo.png"))
            let post = try await Curl.run(url.appendingPathComponent("items"), ["--data", DevToolsExport.postBody])
            let otherBody = try await Curl.run(url.appendingPathComponent("items"), ["--data", #"{"name":"other"}"#])
            let builtIn = try await Curl.run(url.appendingPathComponent("status/202"))
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
            #expect(exit.stderr.contains("replaying 9 recorded entries from 2 HAR files"))
            #expect(exit.stderr.contains("skipped 1 entry whose URL no request can reach (not http:// or https://), such as data:text/plain,ok"), "\(exit.stderr)")
            #expect(health.body == Array("ok".utf8))
            #expect(png.body == Array(DevToolsExport.png))
            #expect(post.status == 201, "the recorded body matches")
            #expect(otherBody.status == 404, "--replay-match-body: another body is a miss")
            #expect(String(decoding: otherBody.body, as: UTF8.self).contains("method, path, query and body"))
            #expect(builtIn.status == 202)
        }

        @Test func serve_replaysUnderTheLinkFlags_orWithTheRecordedTiming() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let body = [UInt8](repeating: 0x42, count: 200_000)
            let archive = HARArchive(entries: [HAREntry(
                started: Date(), request: HARRequest(method: "GET", url: "https://cdn.example.com/big.bin", headers: [:]),
                response: HARResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: body),
                timings: HARTimings(send: 0, wait: 600, receive: 500)
            )])
            try folder.write("big.har", String(decoding: archive.encoded(), as: UTF8.self))

            // The link: 300 ms, then 200 KB at 400 KB/s (0.5 s, less a burst).
            let linked = try LabProcess(["serve", "--replay", folder.path + "/big.har", "--latency", "300ms", "--bandwidth", "400KB/s"])
            let shaped = try await Curl.run(try await linked.url().appendingPathComponent("big.bin"), writeOut: "%{time_starttransfer} %{time_total}")
            linked.terminate()
            _ = try await linked.exit()
            let shapedTimes = shaped.writeOut.split(separator: " ").compactMap { Double($0) }
            #expect(shaped.body == body)
            #expect(shapedTimes.count == 2 && shapedTimes[0] >= 0.29, "\(shaped.writeOut)")
            #expect(shapedTimes.count == 2 && shapedTimes[1] >= 0.7 && shapedTimes[1] < 8, "\(shaped.writeOut)")

            // The recording: 600 ms to the first byte, 500 ms for the body.
            let recorded = try LabProcess(["serve", "--replay", folder.path + "/big.har", "--replay-timing", "recorded"])
            let slow = try await Curl.run(try await recorded.url().appendingPathComponent("big.bin"), writeOut: "%{time_starttransfer} %{time_total}")
            recorded.terminate()
            _ = try await recorded.exit()
            let slowTimes = slow.writeOut.split(separator: " ").compactMap { Double($0) }
            #expect(slow.body == body)
            #expect(slowTimes.count == 2 && slowTimes[0] >= 0.59, "\(slow.writeOut)")
            #expect(slowTimes.count == 2 && slowTimes[1] >= 1.05 && slowTimes[1] < 10, "\(slow.writeOut)")
        }

        @Test(arguments: [
            ("truncated", "cut.har", String(DevToolsExport.json.prefix(900)), "cut.har: is not JSON"),
            ("not HAR", "other.har", #"{"requests": []}"#, #"other.har: "log" is missing"#),
            ("no url", "nourl.har", #"{"log": {"entries": [{"request": {"method": "GET"}, "response": {"status": 200}}]}}"#,
             #"nourl.har: log.entries[0].request: "url" is missing"#),
        ])
        func serve_refusesAFileThatIsNotHAR_withExitTwo(_ case: String, name: String, content: String, message: String) async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try folder.write(name, content)
            let output = try await LabProcess.run(["serve", "--replay", folder.path + "/" + name], within: 10)
            #expect(output.status == 2, "\(`case`)")
            #expect(output.stdout.isEmpty, "nothing is served")
            let lines = output.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count == 1, "\(output.stderr)")
            #expect(output.stderr.hasPrefix("lab") && output.stderr.contains(message), "\(output.stderr)")
        }

        @Test(arguments: [
            ["serve", "--replay", "/nonexistent/networklab.har"],
            ["serve", "--replay-match-body"],
            ["serve", "--replay-timing", "recorded"],
            ["serve", "--replay", "/tmp", "--replay-timing", "slow"],
        ])
        func serve_withABadReplayFlag_exitsTwo(arguments: [String]) async throws {
            let output = try await LabProcess.run(arguments, within: 10)
            #expect(output.status == 2, "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").filter { !$0.isEmpty }.count == 1, "\(output.stderr)")
        }

        @Test func emptyFolder_isRefused() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let output = try await LabProcess.run(["serve", "--replay", folder.path], within: 10)
            #expect(output.status == 2)
            #expect(output.stderr.contains("holds no .har file"))
        }
    }
}
