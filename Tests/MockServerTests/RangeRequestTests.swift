import MockServer
import NetworkCore
import Testing

extension LiveServerTests {
    /// Range requests on `/bytes` (RFC 9110 §14): 206 with `Content-Range`, 416, `If-Range`.
    @Suite struct RangeRequestTests {
        static let payload = (try? Payload.bytes(seed: 0, count: 1000)) ?? []

        @Test(arguments: [
            ("bytes=100-199", 100..<200),
            ("bytes=900-", 900..<1000),
            ("bytes=-100", 900..<1000),
            ("bytes=990-5000", 990..<1000),
            ("bytes=0-0", 0..<1),
            ("bytes=-5000", 0..<1000),
        ])
        func range_answers206_withTheSelectedBytes(range: String, bytes: Range<Int>) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/1000", headers: [("Range", range)])
                #expect(response.status == 206)
                #expect(response["Content-Range"] == "bytes \(bytes.lowerBound)-\(bytes.upperBound - 1)/1000")
                #expect(response["Content-Length"] == String(bytes.count))
                #expect(response.body == Array(Self.payload[bytes]))
                #expect(try response.body == Payload.bytes(seed: 0, offset: Int64(bytes.lowerBound), count: bytes.count))
            }
        }

        @Test(arguments: ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
        func unsatisfiableRange_answers416_withTheSize(range: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/1000", headers: [("Range", range)])
                #expect(response.status == 416)
                #expect(response["Content-Range"] == "bytes */1000")
            }
        }

        @Test(arguments: ["bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=x-5", "bytes=5", "bytes = 5-9"])
        func unsupportedOrInvalidRange_answers200_withTheWholeBody(range: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/1000", headers: [("Range", range)])
                #expect(response.status == 200)
                #expect(response.body == Self.payload)
            }
        }

        @Test func ifRange_withTheCurrentETag_answers206_andWithAnotherAnswers200Whole() async throws {
            try await withMockServer { server in
                let etag = Payload.etag(seed: 0, size: 1000)
                let matching = try await server.get("/bytes/1000", headers: [("Range", "bytes=10-19"), ("If-Range", etag)])
                #expect(matching.status == 206)
                #expect(matching.body == Array(Self.payload[10..<20]))
                let stale = try await server.get(
                    "/bytes/1000", headers: [("Range", "bytes=10-19"), ("If-Range", Payload.etag(seed: 1, size: 1000))])
                #expect(stale.status == 200)
                #expect(stale.body == Self.payload)
                let weak = try await server.get("/bytes/1000", headers: [("Range", "bytes=10-19"), ("If-Range", "W/" + etag)])
                #expect(weak.status == 200)
            }
        }

        @Test func rangeOnHead_announcesThePart_withoutABody() async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/1000", method: .head, headers: [("Range", "bytes=-10")])
                #expect(response.status == 206)
                #expect(response["Content-Range"] == "bytes 990-999/1000")
                #expect(response["Content-Length"] == "10")
                #expect(response.body.isEmpty)
            }
        }

        @Test func journal_recordsTheRangeAndTheBytesSent() async throws {
            try await withMockServer { server in
                _ = try await server.get("/bytes/1000", headers: [("Range", "bytes=500-")])
                await server.settled()
                let entry = try #require(server.journal.entries(path: "/bytes/1000").last)
                #expect(entry.range == "bytes=500-")
                #expect(entry.status == 206)
                #expect(entry.bytesSent == 500)
            }
        }
    }
}
