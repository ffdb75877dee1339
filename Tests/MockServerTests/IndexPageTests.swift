import Foundation
import TestSupport
import Testing
@testable import MockServer

/// The one list of built-in endpoints drives the index page at `/`; `lab serve --help` and
/// README's endpoint table must name every endpoint in it.
@Suite struct IndexPageTests {
    @Test func indexPage_listsEveryBuiltInEndpoint_inColumns() {
        let lines = IndexPage.text.split(separator: "\n")
        #expect(lines.first == "NetworkLab MockServer")
        #expect(lines.contains("  GET|HEAD /bytes/{size}        deterministic bytes (4096, 10MB, 1.5GiB); ?seed=N; Range; Want-Repr-Digest: sha-256"))
        #expect(lines.contains("  ANY      /status/{codes}      that status; httpbin's lists and weights (200,201 or 200:0.9,500:0.1), seeded"))
        for endpoint in MockServer.builtInEndpoints {
            #expect(lines.contains { $0.contains(" \(endpoint.path) ") && $0.contains(endpoint.summary) }, "\(endpoint.path)")
        }
    }

    @Test func serveHelp_namesEveryBuiltInEndpoint() async throws {
        let help = try await LabProcess.run(["serve", "--help"])
        #expect(help.status == 0)
        for endpoint in MockServer.builtInEndpoints {
            #expect(help.stdout.contains(endpoint.path), "lab serve --help does not mention \(endpoint.path)")
        }
    }

    @Test func readme_documentsEveryBuiltInEndpoint() throws {
        let readme = try TextFile.read(Repository.root.appendingPathComponent("README.md").path)
        for endpoint in MockServer.builtInEndpoints {
            // `/anything[/{path}]` is documented as `/anything`.
            let path = endpoint.path.split(separator: "[").first.map(String.init) ?? endpoint.path
            #expect(readme.contains(path), "README does not document \(path)")
        }
    }
}
