import MockServer
import NetworkCore
import TestSupport
import Testing

/// Values at the edges of what the link, fault and control parameters accept: rates of a byte
/// per century and latencies of centuries (refused: the bounds are 1 B/s and a day), the
/// bounds themselves, sizes near 2^63, absurd corruption counts. Each must either be refused
/// with 400 or do what it says (wait for a day, in these cases), and the server must go on
/// serving everyone else at once.
@Suite struct ExtremeParametersTests {
    enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// A whole response with this status.
        case status(Int)
        /// A response head with this status, and a body that is still coming (slowly, or
        /// because it is 2^63 bytes long).
        case streaming(Int)
        /// Nothing within the test's patience: the server waits, as asked.
        case waits

        var description: String {
            switch self {
            case .status(let code): "status \(code)"
            case .streaming(let code): "status \(code), body still coming"
            case .waits: "no response yet"
            }
        }
    }

    static let cases: [(request: String, outcome: Outcome)] = [
        ("GET /bytes/100000?bandwidth=0.00000001", .status(400)),
        ("GET /bytes/100000?bandwidth=1B/s", .streaming(200)),
        ("GET /bytes/100000?bandwidth=0.000000000000000000000000000000000000000001", .status(400)),
        ("GET /bytes/100000?bandwidth=1\(String(repeating: "0", count: 250))GB/s", .status(400)),
        ("GET /bytes/100000?bandwidth=1000000GB/s", .status(200)),
        ("GET /bytes/100000?bandwidth=1\(String(repeating: "0", count: 400))GB/s", .status(400)),
        ("GET /bytes/10?latency=9223372036s", .status(400)),
        ("GET /bytes/10?latency=86400s", .waits),
        ("GET /bytes/10?latency=9223372036854775807ms", .status(400)),
        ("GET /bytes/10?latency=9223372036s&jitter=normal:9223372036s&connect-latency=9223372036s", .status(400)),
        ("GET /bytes/10?latency=86400s&jitter=normal:86400s&connect-latency=86400s", .waits),
        ("GET /bytes/100000?fault=slice:1,9223372036s", .status(400)),
        ("GET /bytes/100000?fault=slice:1,86400s", .streaming(200)),
        ("GET /bytes/1GB?fault=corrupt:1000000000", .status(400)),
        ("GET /bytes/1GB?fault=corrupt:9223372036854775807", .status(400)),
        ("GET /bytes/100?fault=corrupt:65536", .status(200)),
        ("GET /bytes/10?fault=stall-after:9223372036854775807", .status(200)),
        ("GET /bytes/9223372036854775807", .streaming(200)),
        ("GET /bytes/9223372036854775808", .status(400)),
        ("GET /bytes/8EiB", .status(400)),
        ("GET /status/99999999999999999999", .status(400)),
        ("GET /bytes/100 HTTP/1.1\r\nRange: bytes=9223372036854775806-9223372036854775807", .status(416)),
        ("GET /bytes/100 HTTP/1.1\r\nRange: bytes=-9223372036854775807", .status(206)),
        ("GET /bytes/100?fault=status:503&retry-after=9223372036854775807", .status(503)),
        ("GET /bytes/100?fault=reset&fault-rate=1e308", .status(400)),
        ("GET /bytes/100?fault=reset&fault-first=99999999999999999999", .status(400)),
    ]

    @Test(arguments: cases)
    func extremeValue_isRefusedOrHonoured_andOthersAreStillServed(request: String, outcome: Outcome) async throws {
        try await withMockServer { server in
            let got = try await blocking { [port = server.port] in
                try Self.send(request.contains(" HTTP/") ? request : request + " HTTP/1.1", port: port, expecting: outcome)
            }
            #expect(got == outcome)
            let next = try await blocking { [port = server.port] in try Self.send("GET /bytes/10 HTTP/1.1", port: port) }
            #expect(next.isOK, "a plain request after it: \(next)")
            await server.closeClientConnections()
        }
    }

    /// The link set through the control endpoint takes the same values as a query: out of
    /// bounds (a day, 1 B/s) it is refused with 400 and the link in force stays.
    @Test(arguments: [
        (#"{"latency": 1e300}"#, Outcome.status(400), Outcome.status(200)), (#"{"jitter": 1e300}"#, .status(400), .status(200)),
        (#"{"latency": 86400}"#, .status(200), .waits), (#"{"jitter": 86400}"#, .status(200), .waits),
        (#"{"bandwidth": 1e-300}"#, .status(400), .status(200)), (#"{"bandwidth": 1}"#, .status(200), .streaming(200)),
        (#"{"latency": -1}"#, .status(400), .status(200)),
        (#"{"bandwidth": 1e308, "link-bandwidth": 1e308}"#, .status(400), .status(200)),
        (#"{"bandwidth": 1e15, "link-bandwidth": 1e15}"#, .status(200), .status(200)),
    ])
    func extremeLinkSetThroughTheControlEndpoint_isRefusedOrHonoured_andTheControlEndpointStillAnswers(
        json: String, answer: Outcome, outcome: Outcome
    ) async throws {
        try await withMockServer { server in
            let set = try await blocking { [port = server.port] in
                try Self.send("PUT /_lab/link HTTP/1.1\r\nContent-Length: \(json.utf8.count)", body: json, port: port, expecting: answer)
            }
            #expect(set == answer, "\(set)")
            let got = try await blocking { [port = server.port] in try Self.send("GET /bytes/100000 HTTP/1.1", port: port, expecting: outcome) }
            #expect(got == outcome)
            let link = try await blocking { [port = server.port] in try Self.send("GET /_lab/link HTTP/1.1", port: port) }
            #expect(link.isOK, "GET /_lab/link after it: \(link)")
            await server.closeClientConnections()
        }
    }

    /// Sends `head` (and `body`) and reads what comes. Patience depends on what is expected: up
    /// to 10 s for a response (the shared event loop may lag while other tests load it), half
    /// a second more to see that a streaming body is not finishing, one second of silence to
    /// call a wait a wait (a lagging server makes that pass, never fail).
    static func send(_ head: String, body: String = "", port: Int, expecting outcome: Outcome = .status(200)) throws -> Outcome {
        let connection = try WireConnection(port: port, readTimeout: outcome == .waits ? 1 : 10)
        connection.send(Array("\(head)\r\nHost: t\r\n\r\n\(body)".utf8))
        var received: [UInt8] = []
        var status: Int?
        while true {
            let more = connection.readAvailable()
            if more.isEmpty { break }
            received += more
            if let response = ReceivedResponses(received, methods: [.get]).responses.first { return .status(response.status) }
            var parser = HTTPHeadParser()
            status = (try? received.withUnsafeBytes { try parser.parseResponse($0) })?.head.status
            if status != nil {
                if received.count > 1 << 20 { break }
                if case .streaming = outcome { connection.setReadTimeout(0.5) }
            }
        }
        return status.map { .streaming($0) } ?? .waits
    }
}

extension ExtremeParametersTests.Outcome {
    var isOK: Bool {
        if case .status(200) = self { true } else { false }
    }
}
