import Dispatch
import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Bad input at volume: 10,000 seeded requests, mutated, assembled from random grammar pieces,
/// or random bytes, each on its own connection to one live server. None may crash or hang it;
/// each gets the answer an HTTP/1.1 parser this package did not write says it deserves
/// (Python's h11, ``H11Oracle``, judging requests and responses alike: accepted requests
/// answered, rejected ones refused with 400 and a close, cut ones closed, no 5xx), save where
/// RFC 9112 sides with the server and ``KnownDisagreement`` names the rule; and a valid request
/// after every batch is served exactly.
@Suite struct RandomizedRequestsTests {
    /// Fixed, so every run sends the same bytes; `NETWORKLAB_REQUEST_SEED=N swift test --filter
    /// RandomizedRequestsTests` explores others. A failure names the seed and case to replay.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["NETWORKLAB_REQUEST_SEED"].flatMap { UInt64($0) } ?? 20_251_122
    /// 2,000 under a sanitizer, which runs the same parser paths ten or more times slower.
    static let cases = Sanitizers.present ? 2_000 : 10_000
    static let batch = 500
    /// Small limits, so that mutations reach them often.
    static let limits = MockServer.Limits(
        maxRequestLine: 1024, maxHeaderBytes: 4096, maxHeaderCount: 32, maxRequestBody: 4096,
        idleTimeout: .seconds(5), headerTimeout: .seconds(5)
    )
    static let routes = [
        Route(nil, "/echo") { request in .text("\(request.body.count) bytes") },
        Route(.get, "/users/{id}") { request in .json(#"{"id": "\#(request.parameters["id"] ?? "")"}"#) },
    ]

    @Test func tenThousandMutatedAndRandomRequests_neverCrashOrHangTheServer_andGetTheAnswerTheyDeserve() async throws {
        try await IsolatedTest.run("RandomizedRequestsTests/requestsInThisProcess", timeout: 240)
    }

    /// In a child process of its own (``IsolatedTest``): a crash shows as that process dying,
    /// and the flood never slows the shared event loop under other tests.
    @Test(.enabled(if: IsolatedTest.isChild))
    func requestsInThisProcess() async throws {
        let configuration = MockServer.Configuration(fixtures: Repository.fixtures, routes: Self.routes, limits: Self.limits)
        try await withMockServer(configuration) { server in
            let generator = RequestGenerator(seed: Self.seed)
            var failures: [String] = []
            var rules: [KnownDisagreement: Int] = [:]
            for start in stride(from: 0, to: Self.cases, by: Self.batch) {
                let indices = start..<min(Self.cases, start + Self.batch)
                let (found, met) = try await blocking { [port = server.port] in
                    var met: [KnownDisagreement: Int] = [:]
                    return (try Self.run(indices, generator: generator, port: port, rules: &met), met)
                }
                failures += found
                rules.merge(met, uniquingKeysWith: +)
                let check = try await blocking { [port = server.port] in Self.validExchange(port: port) }
                if let problem = check { failures.append("after cases \(indices): a valid request failed: \(problem)") }
                if failures.count > 2000 { break }
            }
            #expect(failures.isEmpty, "seed \(Self.seed), \(failures.count) failures:\n\(failures.prefix(2000).joined(separator: "\n"))")
            print("randomized requests: known disagreements with h11: \(rules.map { "\($0.key.rule): \($0.value)" }.sorted())")
            await server.settled()
            let statuses = server.journal.statusCounts
            print("randomized requests: seed \(Self.seed), statuses \(statuses.sorted { $0.key < $1.key })")
            // The run must have reached the server's refusals, not only its happy paths.
            for status in [400, 413, 414, 431, 505] {
                #expect(statuses[status, default: 0] > 0, "no \(status) in \(statuses.sorted { $0.key < $1.key })")
            }
        }
    }

    /// Runs `indices` on two threads, then has h11 judge every exchange in one go; returns a
    /// line per case the server got wrong, and counts the known disagreements met.
    static func run(_ indices: Range<Int>, generator: RequestGenerator, port: Int, rules: inout [KnownDisagreement: Int]) throws -> [String] {
        let exchanges = Lock<[Int: (sent: [UInt8], received: [UInt8], end: WireConnection.End, kind: String)]>([:])
        let lanes = 2
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: indices.lowerBound + lane, to: indices.upperBound, by: lanes) {
                let made = generator.makeCase(index)
                let (received, end) = exchange(made.bytes, port: port)
                exchanges.withLock { $0[index] = (made.bytes, received, end, made.kind) }
            }
        }
        let cases = exchanges.withLock { $0 }
        let judgements = try H11Oracle.judge(indices.map { (cases[$0]!.sent, cases[$0]!.received) })
        let check = OracleCheck(limits: limits)
        var failures: [String] = []
        for (index, judgement) in zip(indices, judgements) {
            let made = cases[index]!
            var met: [KnownDisagreement] = []
            if let problem = check.problem(sent: made.sent, judgement: judgement, end: made.end, rules: &met) {
                let shown = String(decoding: made.sent.prefix(160), as: UTF8.self).debugDescription
                let answer = String(decoding: made.received.prefix(120), as: UTF8.self).debugDescription
                failures.append("case \(index) (\(made.kind), \(made.sent.count) bytes \(shown)): \(problem); the server sent \(answer)")
            }
            for rule in met { rules[rule, default: 0] += 1 }
        }
        return failures
    }

    /// Sends `bytes`, half-closes, and reads everything the server sends until it closes.
    static func exchange(_ bytes: [UInt8], port: Int) -> (received: [UInt8], end: WireConnection.End) {
        guard let connection = try? WireConnection(port: port, readTimeout: 10) else { return ([], .reset) }
        defer { connection.close() }
        connection.send(bytes)
        connection.shutdownWrite()
        let (received, end) = connection.readToEnd(limit: 1 << 20)
        return (received, end)
    }

    /// One valid request on a fresh connection: nil when it was answered exactly.
    static func validExchange(port: Int) -> String? {
        guard let connection = try? WireConnection(port: port, readTimeout: 10) else { return "cannot connect" }
        defer { connection.close() }
        connection.send(Array("GET /bytes/1000?seed=3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8))
        let (received, end) = connection.readToEnd()
        let read = ReceivedResponses(received, methods: [.get])
        guard end == .closed, let response = read.responses.first else { return "\(end), \(read.problem ?? "")" }
        guard response.status == 200, response.body == (try? Payload.bytes(seed: 3, count: 1000)) else {
            return "status \(response.status), \(response.body.count) bytes"
        }
        return nil
    }
}
