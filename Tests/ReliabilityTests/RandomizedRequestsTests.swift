import Dispatch
import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Bad input at volume: 10,000 seeded requests, mutated, assembled from random grammar pieces,
/// or random bytes, each on its own connection to one live server. None may crash or hang it;
/// each gets the answer the package's parsers say it deserves (a refusal with their status, or
/// a close for a request cut short); and a valid request after every batch is served exactly.
@Suite struct RandomizedRequestsTests {
    /// Fixed, so every run sends the same bytes; `NETWORKLAB_REQUEST_SEED=N swift test --filter
    /// RandomizedRequestsTests` explores others. A failure names the seed and case to replay.
    static let seed: UInt64 = ProcessInfo.processInfo.environment["NETWORKLAB_REQUEST_SEED"].flatMap { UInt64($0) } ?? 20_251_122
    static let cases = 10_000
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
            for start in stride(from: 0, to: Self.cases, by: Self.batch) {
                let indices = start..<min(Self.cases, start + Self.batch)
                failures += try await blocking { [port = server.port] in Self.run(indices, generator: generator, port: port) }
                let check = try await blocking { [port = server.port] in Self.validExchange(port: port) }
                if let problem = check { failures.append("after cases \(indices): a valid request failed: \(problem)") }
                if failures.count > 20 { break }
            }
            #expect(failures.isEmpty, "seed \(Self.seed), \(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
            await server.settled()
            let statuses = server.journal.statusCounts
            print("randomized requests: seed \(Self.seed), statuses \(statuses.sorted { $0.key < $1.key })")
            // The run must have reached the server's refusals, not only its happy paths.
            for status in [400, 413, 414, 431, 505] {
                #expect(statuses[status, default: 0] > 0, "no \(status) in \(statuses.sorted { $0.key < $1.key })")
            }
        }
    }

    /// Runs `indices` on two threads; returns a line per case the server got wrong.
    static func run(_ indices: Range<Int>, generator: RequestGenerator, port: Int) -> [String] {
        let failures = Lock<[String]>([])
        let lanes = 2
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: indices.lowerBound + lane, to: indices.upperBound, by: lanes) {
                let made = generator.makeCase(index)
                if let problem = exchange(made.bytes, port: port) {
                    let shown = String(decoding: made.bytes.prefix(160), as: UTF8.self).debugDescription
                    failures.withLock { $0.append("case \(index) (\(made.kind), \(made.bytes.count) bytes \(shown)): \(problem)") }
                }
            }
        }
        return failures.withLock { $0 }
    }

    /// Sends `bytes`, half-closes, reads everything, and checks it against the expectations;
    /// nil when the server behaved.
    static func exchange(_ bytes: [UInt8], port: Int) -> String? {
        let connection: WireConnection
        do {
            connection = try WireConnection(port: port, readTimeout: 10)
        } catch {
            return "cannot connect: \(error)"
        }
        defer { connection.close() }
        connection.send(bytes)
        connection.shutdownWrite()
        let (received, end) = connection.readToEnd(limit: 1 << 20)
        let expectations = ServerExpectation.of(bytes, limits: limits)
        return check(received, end: end, against: expectations)
    }

    static func check(_ received: [UInt8], end: WireConnection.End, against expectations: [ServerExpectation]) -> String? {
        if end == .timedOut { return "the server neither answered nor closed within 10 s (after \(received.count) bytes)" }
        let read = ReceivedResponses(received, methods: expectations.map(\.method))
        let responses = read.responses
        for (index, expectation) in expectations.enumerated() {
            let response = index < responses.count ? responses[index] : nil
            switch (expectation, response) {
            case (.answered, nil):
                // A body too large to read whole is cut by the test, not the server.
                if end == .overLimit && index == responses.count { return nil }
                return "expected \(expectation) for request \(index + 1), got none (\(read.problem ?? "closed"))"
            case (.answered, let response?):
                if response.headers.containsToken("close", in: "Connection") {
                    return responses.count > index + 1 ? "\(responses.count - index - 1) responses after Connection: close" : nil
                }
            case (.refused(let statuses, _), let response?):
                guard statuses.contains(response.status) else {
                    return "expected \(expectation) for request \(index + 1), got \(response.status)"
                }
                guard response.headers.containsToken("close", in: "Connection") else {
                    return "refused with \(response.status) but without Connection: close"
                }
                return responses.count > index + 1 ? "responses after a refusal" : nil
            case (.refused, nil):
                return "expected \(expectation) for request \(index + 1), got none (\(read.problem ?? "closed"))"
            case (.closed, _):
                return responses.count > index ? "expected \(expectation) after request \(index), got \(responses[index].status)" : nil
            }
        }
        if responses.count > expectations.count { return "\(responses.count) responses to \(expectations.count) requests" }
        if let problem = read.problem, end != .overLimit { return problem }
        return nil
    }

    /// One valid request on a fresh connection: nil when it was answered exactly.
    static func validExchange(port: Int) -> String? {
        guard let connection = try? WireConnection(port: port, readTimeout: 10) else { return "cannot connect" }
        defer { connection.close() }
        connection.send(Array("GET /bytes/1000?seed=3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8))
        let (received, end) = connection.readToEnd()
        let read = ReceivedResponses(received, methods: [.get])
        guard end == .closed, let response = read.responses.first else { return "\(end), \(read.problem ?? "")" }
        guard response.status == 200, response.body == Payload.bytes(seed: 3, count: 1000) else {
            return "status \(response.status), \(response.body.count) bytes"
        }
        return nil
    }
}
