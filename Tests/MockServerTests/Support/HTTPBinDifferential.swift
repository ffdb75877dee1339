import Foundation
import MockServer
import Testing
import TestSupport

/// One request sent to both the real httpbin and a MockServer by `Tests/Peers/httpbin-differential.py`
/// (see its header for the fields), and which of the observations must agree.
struct DifferentialCase: Encodable, Sendable {
    /// The observations a case compares unless it says otherwise.
    static let everything = ["status", "contentType", "body", "keys", "redirects", "finalPath", "headers"]

    var name: String
    var client = "requests"
    var method = "GET"
    var path: String
    var headers: [String: String]?
    var data: String?
    var binary: String?
    var jsonText: String?
    var form: [String: String]?
    var files: [String: [String]]?
    var auth: [String]?
    var cookies: [String: String]?
    var follow: Bool?
    var expose: [String]?
    /// Not sent: the observations to compare.
    var compare = everything

    init(_ name: String, _ path: String, client: String = "requests", method: String = "GET", compare: [String] = everything) {
        self.name = name
        self.path = path
        self.client = client
        self.method = method
        self.compare = compare
    }

    /// This case with `change` applied, for building cases inline.
    func with(_ change: (inout DifferentialCase) -> Void) -> DifferentialCase {
        var copy = self
        change(&copy)
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case name, client, method, path, headers, data, binary, jsonText, form, files, auth, cookies, follow, expose
    }
}

/// Runs the differential script once for a batch of cases (one Python process, one httpbin).
enum HTTPBinDifferential {
    struct Outcome: Decodable {
        var name: String
        var httpbin: [String: String]
        var mock: [String: String]
    }

    /// Sends `cases` to httpbin and to `server`, and records an issue for every observation
    /// the case compares that differs.
    static func check(_ cases: [DifferentialCase], against server: MockServer) async throws {
        let outcomes = try await run(cases, mock: server.url.absoluteString)
        #expect(outcomes.count == cases.count)
        for (testCase, outcome) in zip(cases, outcomes) {
            if let error = outcome.httpbin["error"] ?? outcome.mock["error"] {
                Issue.record("\(testCase.name): the client failed: \(error)")
                continue
            }
            for field in testCase.compare {
                #expect(outcome.httpbin[field] == outcome.mock[field],
                        "\(testCase.name) [\(testCase.client)] \(field)\n  httpbin: \(outcome.httpbin[field] ?? "-")\n  mock:    \(outcome.mock[field] ?? "-")")
            }
        }
    }

    static func run(_ cases: [DifferentialCase], mock: String) async throws -> [Outcome] {
        struct Input: Encodable {
            var mock: String
            var cases: [DifferentialCase]
        }
        let input = try JSONEncoder().encode(Input(mock: mock, cases: cases))
        let script = Repository.root.appendingPathComponent("Tests/Peers/httpbin-differential.py").path
        let run = try await blocking { try ToolRun(["python3", script], input: input) }
        guard run.status == 0 else {
            throw TestSetupError("httpbin-differential.py exited with \(run.status) (are requests and httpbin installed? .ci/install-peers installs them): \(run.stderr.suffix(2000))")
        }
        return try JSONDecoder().decode([Outcome].self, from: run.stdout)
    }
}
