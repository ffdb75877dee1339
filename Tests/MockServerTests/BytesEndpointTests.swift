import Foundation
import MockServer
import NetworkCore
import Testing

extension LiveServerTests {
    /// `/bytes/{size}` over real sockets: the deterministic payload, sizes, seeds and digests.
    @Suite struct BytesEndpointTests {
        @Test func bytes_areIdentical_acrossTwoServersWithTheSameSeed() async throws {
            let first = try await withMockServer(.init(seed: 7)) { try await $0.get("/bytes/1MB") }
            let second = try await withMockServer(.init(seed: 7)) { try await $0.get("/bytes/1MB") }
            #expect(first.status == 200)
            #expect(first.body.count == 1_000_000)
            #expect(first.body == second.body)
            #expect(try first.body == Payload.bytes(seed: 7, count: 1_000_000))
        }

        @Test func oneMegabyte_isThePrefixOfTenMegabytes() async throws {
            try await withMockServer { server in
                let short = try await server.get("/bytes/1MB")
                let long = try await server.get("/bytes/10MB")
                #expect(long.body.count == 10_000_000)
                #expect(Array(long.body.prefix(1_000_000)) == short.body)
                let mismatch = try long.body.withUnsafeBytes { try Payload.firstMismatch(in: $0, seed: 0, offset: 0) }
                #expect(mismatch == nil)
            }
        }

        @Test(arguments: [
            ("4096", 4096), ("0", 0), ("1", 1), ("10KB", 10_000), ("1.5KiB", 1536), ("2MiB", 2_097_152),
            ("0.5MB", 500_000), ("1B", 1), ("3kb".uppercased(), 3000), ("%31%30KB", 10_000),
        ])
        func size_withUnits_servesExactlyThatManyBytes(size: String, bytes: Int) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/\(size)")
                #expect(response.status == 200)
                #expect(response["Content-Length"] == String(bytes))
                #expect(response["Content-Type"] == "application/octet-stream")
                #expect(response["ETag"] == Payload.etag(seed: 0, size: Int64(bytes)))
                #expect(response["Accept-Ranges"] == "bytes")
                #expect(try response.body == Payload.bytes(seed: 0, count: bytes))
            }
        }

        @Test(arguments: ["10XB", "abc", "-5", "1.1KiB", "10mb", "1e6", "99999999999999999999", "1%20MB", "%zz"])
        func badSize_answers400_withAMessageSayingWhatASizeIs(size: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/\(size)")
                #expect(response.status == 400)
                #expect(response.text.contains("is not a size"))
                #expect(response.text.contains("e.g. 4096, 10MB, 1.5GiB"))
            }
        }

        @Test func seedQuery_overridesTheServerSeed() async throws {
            try await withMockServer(.init(seed: 1)) { server in
                let seeded = try await server.get("/bytes/64KiB?seed=42")
                let serverSeed = try await server.get("/bytes/64KiB")
                #expect(try seeded.body == Payload.bytes(seed: 42, count: 65_536))
                #expect(seeded["ETag"] == Payload.etag(seed: 42, size: 65_536))
                #expect(try serverSeed.body == Payload.bytes(seed: 1, count: 65_536))
                #expect(seeded.body != serverSeed.body)
            }
        }

        @Test(arguments: ["x", "-1", "18446744073709551616", ""])
        func badSeed_answers400(seed: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/10?seed=\(seed)")
                #expect(response.status == 400)
                #expect(response.text.contains("is not a seed"))
            }
        }

        @Test func wantReprDigest_sha256_givesTheDigestOfTheWholePayload() async throws {
            try await withMockServer(.init(seed: 3)) { server in
                let expected = "sha-256=:" + Data(SHA256.hash(try Payload.bytes(seed: 3, count: 1_000_000))).base64EncodedString() + ":"
                let whole = try await server.get("/bytes/1MB", headers: [("Want-Repr-Digest", "sha-256=5, sha-512=3")])
                #expect(whole["Repr-Digest"] == expected)
                #expect(try whole.body == Payload.bytes(seed: 3, count: 1_000_000))
                // A representation digest covers the whole representation, also for a range.
                let part = try await server.get("/bytes/1MB", headers: [("Want-Repr-Digest", "sha-256"), ("Range", "bytes=0-9")])
                #expect(part.status == 206)
                #expect(part["Repr-Digest"] == expected)
                let unasked = try await server.get("/bytes/1MB", method: .head)
                #expect(unasked["Repr-Digest"] == nil)
                let refused = try await server.get("/bytes/1MB", method: .head, headers: [("Want-Repr-Digest", "sha-256=0")])
                #expect(refused["Repr-Digest"] == nil)
            }
        }
    }
}
