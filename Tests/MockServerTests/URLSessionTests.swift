import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MockServer
import Testing

extension LiveServerTests {
    /// URLSession (FoundationNetworking on Linux) as a client of the mock server: downloads,
    /// ranges, connection reuse, and each fault as the error URLSession reports.
    @Suite struct URLSessionTests {
        /// Runs `body` with an ephemeral session, invalidated afterwards.
        static func withSession<T>(_ body: (URLSession) async throws -> T) async rethrows -> T {
            let session = URLSession(configuration: .ephemeral)
            defer { session.invalidateAndCancel() }
            return try await body(session)
        }

        @Test func download_isTheDeterministicPayload() async throws {
            try await withMockServer { server in
                try await Self.withSession { session in
                    let (data, response) = try await session.data(from: server.url("/bytes/2MB?seed=4"))
                    let http = try #require(response as? HTTPURLResponse)
                    #expect(http.statusCode == 200)
                    #expect(http.value(forHTTPHeaderField: "Content-Length") == "2000000")
                    #expect(http.value(forHTTPHeaderField: "ETag") == Payload.etag(seed: 4, size: 2_000_000))
                    #expect(try [UInt8](data) == Payload.bytes(seed: 4, count: 2_000_000))
                }
            }
        }

        @Test func rangeRequest_getsThePart() async throws {
            try await withMockServer { server in
                try await Self.withSession { session in
                    var request = URLRequest(url: server.url("/bytes/1MB"))
                    request.setValue("bytes=1000-1999", forHTTPHeaderField: "Range")
                    let (data, response) = try await session.data(for: request)
                    #expect((response as? HTTPURLResponse)?.statusCode == 206)
                    #expect(try [UInt8](data) == Payload.bytes(seed: 0, offset: 1000, count: 1000))
                }
            }
        }

        @Test func twoRequests_reuseOneConnection() async throws {
            try await withMockServer { server in
                try await Self.withSession { session in
                    _ = try await session.data(from: server.url("/bytes/10"))
                    _ = try await session.data(from: server.url("/bytes/20"))
                }
                await server.settled()
                let connections = server.journal.entries.map(\.connection)
                #expect(connections.count == 2)
                #expect(Set(connections).count == 1)
            }
        }

        @Test func latency_delaysTheResponse() async throws {
            try await withMockServer(.init(link: LinkProfile(latency: .milliseconds(200)))) { server in
                let (_, seconds) = try await timedAsync {
                    try await Self.withSession { try await $0.data(from: server.url("/bytes/10")) }
                }
                #expect(seconds >= 0.2)
                await server.settled()
                let ttfb = try #require(server.journal.entries.first?.timeToFirstByte?.seconds)
                #expect(abs(ttfb - 0.2) <= 0.05)
            }
        }

        /// The errors FoundationNetworking (libcurl underneath) reports; Darwin's URLSession names
        /// some differently, hence the alternatives.
        @Test(arguments: [
            ("reset", [URLError.Code.networkConnectionLost]),
            ("reset-after:64KiB", [.networkConnectionLost]),
            ("close", [.badServerResponse, .networkConnectionLost]),
            ("truncate-after:100KB", [.unknown, .networkConnectionLost]),
            ("malformed", [.unsupportedURL, .badServerResponse, .cannotParseResponse]),
        ])
        func fault_isReportedAsAURLError(fault: String, codes: [URLError.Code]) async throws {
            try await withMockServer { server in
                try await Self.withSession { session in
                    do {
                        let (data, _) = try await session.data(from: server.url("/bytes/1MB?fault=\(fault)"))
                        Issue.record("\(fault) gave \(data.count) bytes and no error")
                    } catch let error as URLError {
                        #expect(codes.contains(error.code), "\(fault): \(error.code) \(error.localizedDescription)")
                    }
                }
            }
        }

        @Test func stall_isATimeout() async throws {
            try await withMockServer { server in
                await Self.withSession { session in
                    var request = URLRequest(url: server.url("/bytes/1MB?fault=stall-after:1KB"))
                    request.timeoutInterval = 1
                    let error = await #expect(throws: URLError.self) { try await session.data(for: request) }
                    #expect(error?.code == .timedOut)
                }
            }
        }

        @Test func statusFault_isAnHTTPResponse_notAnError() async throws {
            try await withMockServer { server in
                try await Self.withSession { session in
                    let (_, response) = try await session.data(from: server.url("/bytes/1MB?fault=status:503&retry-after=3"))
                    let http = try #require(response as? HTTPURLResponse)
                    #expect(http.statusCode == 503)
                    #expect(http.value(forHTTPHeaderField: "Retry-After") == "3")
                }
            }
        }
    }
}
