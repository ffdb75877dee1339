import Foundation
import MockServer
import TestSupport
import Testing

extension LiveServerTests {
    /// `lab serve` as a process: the URL on the first stdout line, curl downloading from it, flags
    /// reaching the server, SIGTERM stopping it cleanly, and usage errors.
    @Suite struct LabServeTests {
        @Test func serve_printsItsURL_servesCurl_andExitsZeroOnSIGTERM() async throws {
            let lab = try LabProcess(["serve", "--seed", "5", "--fixtures", TestFixtures.folder])
            let line = try #require(try await lab.firstLine(), "lab serve exited before printing its URL")
            #expect(line.hasPrefix("NetworkLab MockServer on http://127.0.0.1:"))
            #expect(line.contains("seed 5"))
            let url = try await lab.url()

            let download = try await Curl.run(url.appendingPathComponent("bytes/1MB"))
            #expect(download.exitCode == 0)
            #expect(download.status == 200)
            #expect(try download.body == Payload.bytes(seed: 5, count: 1_000_000))
            let fixture = try await Curl.run(url.appendingPathComponent("fixtures/hello.txt"))
            #expect(fixture.body == (try TestFixtures.bytes("hello.txt")))

            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
            #expect(exit.stderr.contains("terminated, stopping"))
        }

        @Test func serve_exitsZero_onSIGTERMRightAfterItsURL() async throws {
            // A script that starts `lab serve`, reads the URL and stops it at once: the signal
            // handlers are in place before the URL line is printed.
            let lab = try LabProcess(["serve"])
            _ = try await lab.firstLine()
            lab.terminate()
            let exit = try await lab.exit(within: 3)
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func serve_printsTheDashboardAddress_onTheLineAfterItsURL_unlessNoControl() async throws {
            let lab = try LabProcess(["serve"])
            let url = try await lab.url()
            let second = try #require(try await lab.line(1), "lab serve exited before printing the dashboard's address")
            #expect(second == "Dashboard: \(url.absoluteString)/_lab/")
            let page = try await Curl.run(url.appendingPathComponent("_lab/"), writeOut: "%{http_code} %{content_type}")
            #expect(page.writeOut == "200 text/html; charset=utf-8")
            lab.terminate()
            #expect(try await lab.exit().status == 0)

            let hidden = try LabProcess(["serve", "--no-control"])
            let hiddenURL = try await hidden.url()
            let gone = try await Curl.run(hiddenURL.appendingPathComponent("_lab/"))
            #expect(gone.status == 404)
            hidden.terminate()
            let exit = try await hidden.exit()
            #expect(exit.status == 0)
            #expect(exit.stdout.split(separator: "\n").count == 1, "no dashboard line: \(exit.stdout)")
        }

        @Test func serve_appliesItsLimitFlags() async throws {
            let lab = try LabProcess(["serve", "--max-body", "1KB", "--header-timeout", "300ms"])
            let port = try #require(try await lab.url().port)
            let (tooBig, late) = try await blocking {
                let upload = try RawConnection(port: port)
                let tooBig = try upload.exchange(RawConnection.request("POST", "/status/200", headers: [("Content-Length", "2000")]))
                let slow = try RawConnection(port: port)
                try slow.write("GET /bytes/1 HTTP/1.1\r\n")
                return (tooBig, try slow.readResponse())
            }
            lab.terminate()
            #expect(try await lab.exit().status == 0)
            #expect(tooBig.status == 413)
            #expect(late.status == 408)
        }

        @Test func serve_appliesItsLinkAndFaultFlags() async throws {
            let lab = try LabProcess(["serve", "--latency", "100ms", "--fault", "status:503", "--fault-first", "1", "--retry-after", "2"])
            let target = try await lab.url().appendingPathComponent("bytes/10")
            let first = try await Curl.run(target, ["-D", "-"], writeOut: "")
            let second = try await Curl.run(target, writeOut: "%{http_code} %{time_starttransfer}")
            lab.terminate()
            #expect(try await lab.exit().status == 0)

            #expect(first.writeOut.hasPrefix("HTTP/1.1 503"))
            #expect(first.writeOut.contains("Retry-After: 2"))
            let parts = second.writeOut.split(separator: " ")
            #expect(parts.first == "200")
            #expect(try #require(Double(parts.last ?? "")) >= 0.1)
        }

        @Test(arguments: [
            ["serve", "--bogus"],
            ["serve", "--latency", "fast"],
            ["serve", "--port", "70000"],
            ["serve", "--fault", "explode"],
            ["serve", "--fixtures", "/nonexistent/networklab"],
            ["serve", "--host", "localhost"],
            ["serve", "--max-body", "10XB"],
            ["serve", "--idle-timeout", "0"],
            ["serve", "--max-connections", "none"],
        ])
        func serve_withABadFlag_exitsTwo_withOneLineOnStderr(arguments: [String]) async throws {
            let output = try await LabProcess.run(arguments, within: 10)
            #expect(output.status == 2)
            #expect(output.stdout.isEmpty)
            let lines = output.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            #expect(lines.count == 1, "\(output.stderr)")
            #expect(output.stderr.hasPrefix("lab"))
        }
    }
}
