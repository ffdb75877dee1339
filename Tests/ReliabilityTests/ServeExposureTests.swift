import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// What a server exposes: `lab serve` and `MockServer` bind 127.0.0.1 unless told otherwise; a
/// non-loopback address takes an explicit `--host` and draws a warning that the control
/// endpoints are reachable; `--no-control` (or `controlEndpoints: false`) removes `/_lab/*`.
/// The tests only ever connect to 127.0.0.1, whatever address the server binds.
@Suite struct ServeExposureTests {
    struct Run: Sendable {
        var url: URL
        var boundTo: String?
        var statuses: [String: Int?] = [:]
        var exitStatus: Int32
        var stderr: String
    }

    /// Starts `lab serve ARGUMENTS`, sends each request in `requests` (`METHOD path`, with a small
    /// JSON body for PUT), stops it with SIGTERM.
    static func serve(_ arguments: [String], requests: [String]) async throws -> Run {
        let server = try LabProcess(["serve"] + arguments + ["--fixtures", Repository.fixtures])
        let url = try await server.url()
        let port = try #require(url.port)
        let (boundTo, statuses) = try await blocking { () throws -> (String?, [String: Int?]) in
            let boundTo = try server.listeningAddress(port: port)
            var statuses: [String: Int?] = [:]
            for request in requests {
                let body = request.hasPrefix("PUT") ? #"{"latency": "5s"}"# : ""
                let (response, _) = try WireConnection.exchange(
                    "\(request) HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)", port: port)
                statuses[request] = response?.status
            }
            return (boundTo, statuses)
        }
        server.terminate()
        let exit = try await server.exit()
        return Run(url: url, boundTo: boundTo, statuses: statuses, exitStatus: exit.status, stderr: exit.stderr)
    }

    static let control = ["GET /_lab/journal", "PUT /_lab/link", "PUT /_lab/faults", "DELETE /_lab/journal", "GET /_lab/faults"]

    @Test func labServe_bindsLoopbackByDefault_withoutAWarning() async throws {
        let run = try await Self.serve([], requests: ["GET /bytes/10"] + Self.control)
        #expect(run.url.host == "127.0.0.1")
        #expect(run.boundTo == "127.0.0.1")
        #expect(run.statuses["GET /bytes/10"] == 200)
        #expect(run.statuses["GET /_lab/journal"] == 200)
        // The one warning a loopback server may give: a kernel too old to confine fixtures.
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == (Kernel.offersOpenat2 ? 0 : 1), "\(run.stderr)")
        #expect(warnings.allSatisfy { $0.contains("lacks openat2") }, "\(run.stderr)")
        #expect(run.exitStatus == 0)
    }

    @Test func labServe_onAllInterfaces_warnsThatOthersCanReachItsControlEndpoints() async throws {
        let run = try await Self.serve(["--host", "0.0.0.0"], requests: ["GET /bytes/10", "GET /_lab/journal"])
        #expect(run.boundTo == "0.0.0.0")
        #expect(run.statuses["GET /bytes/10"] == 200)
        #expect(run.statuses["GET /_lab/journal"] == 200)
        let warning = run.stderr.split(separator: "\n").first { $0.contains("warning") }.map(String.init) ?? ""
        #expect(warning.contains("not loopback"), "\(run.stderr)")
        #expect(warning.contains("/_lab/") && warning.contains("--no-control"), "\(warning)")
        #expect(run.exitStatus == 0)
    }

    @Test func labServe_withNoControl_answers404OnEveryControlEndpoint() async throws {
        let run = try await Self.serve(["--host", "0.0.0.0", "--no-control"], requests: ["GET /bytes/10"] + Self.control)
        #expect(run.statuses["GET /bytes/10"] == 200)
        for request in Self.control {
            #expect(run.statuses[request] == 404, "\(request)")
        }
        let warning = run.stderr.split(separator: "\n").first { $0.contains("warning") }.map(String.init) ?? ""
        #expect(warning.contains("not loopback"), "\(run.stderr)")
        #expect(!warning.contains("--no-control"), "\(warning)")
    }

    /// A name would need a lookup, and could resolve to anything: only numeric addresses bind.
    @Test(arguments: ["localhost", "example.com", "127.0.0.1.nip.io", ""])
    func labServe_refusesAHostName_withAUsageError(host: String) async throws {
        let output = try await LabProcess.run(["serve", "--host", host])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("--host"))
    }

    @Test func mockServer_bindsLoopbackByDefault_andWithoutControlEndpoints_answers404OnThem() async throws {
        try await withMockServer(.init(controlEndpoints: false)) { server in
            #expect(server.url.host == "127.0.0.1")
            for request in Self.control + ["GET /_lab/link", "GET /_lab/", "GET /_lab"] {
                let (response, _) = try await blocking { [port = server.port] in
                    try WireConnection.exchange("\(request) HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}", port: port)
                }
                #expect(response?.status == 404, "\(request)")
            }
            #expect(server.link == .unlimited)
            #expect(server.faults == .none)
        }
    }
}
