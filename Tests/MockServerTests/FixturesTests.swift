import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// `/fixtures/{path}`: files with their content types and ranges, and nothing outside the folder.
    @Suite struct FixturesTests {
        static let configuration = MockServer.Configuration(fixtures: TestFixtures.folder)

        @Test(arguments: [
            ("hello.txt", "text/plain; charset=utf-8"),
            ("data.json", "application/json"),
            ("site/index.html", "text/html; charset=utf-8"),
            ("site/site.css", "text/css; charset=utf-8"),
            ("table.csv", "text/csv; charset=utf-8"),
            ("pixel.png", "image/png"),
            ("bytes-0-255", "application/octet-stream"),
        ])
        func fixture_isServedWhole_withItsContentType(name: String, contentType: String) async throws {
            try await withMockServer(Self.configuration) { server in
                let response = try await server.get("/fixtures/\(name)")
                #expect(response.status == 200)
                #expect(response["Content-Type"] == contentType)
                #expect(response.body == (try TestFixtures.bytes(name)))
                #expect(response["ETag"]?.hasPrefix("\"") == true)
                #expect(response["Accept-Ranges"] == "bytes")
            }
        }

        @Test func fixture_answersRanges_andIfRangeWithItsETag() async throws {
            try await withMockServer(Self.configuration) { server in
                let whole = try await server.get("/fixtures/bytes-0-255")
                let etag = try #require(whole["ETag"])
                let part = try await server.get("/fixtures/bytes-0-255", headers: [("Range", "bytes=16-31"), ("If-Range", etag)])
                #expect(part.status == 206)
                #expect(part["Content-Range"] == "bytes 16-31/256")
                #expect(part.body == Array(16...31))
                let suffix = try await server.get("/fixtures/bytes-0-255", headers: [("Range", "bytes=-6")])
                #expect(suffix.body == Array(250...255))
                let stale = try await server.get("/fixtures/bytes-0-255", headers: [("Range", "bytes=16-31"), ("If-Range", "\"other\"")])
                #expect(stale.status == 200)
                #expect(stale.body.count == 256)
                let beyond = try await server.get("/fixtures/bytes-0-255", headers: [("Range", "bytes=256-")])
                #expect(beyond.status == 416)
                #expect(beyond["Content-Range"] == "bytes */256")
            }
        }

        /// A fixture much larger than one write, read and sent piece by piece: whole, ranged,
        /// paced and cut.
        @Test func largeFixture_isByteExact_whole_ranged_paced_andCut() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            try Data(bytes).write(to: URL(fileURLWithPath: folder.path + "/large.bin"))
            try await withMockServer(.init(fixtures: folder.path)) { server in
                let whole = try await server.get("/fixtures/large.bin")
                #expect(whole.status == 200)
                #expect(whole.body == bytes)
                let part = try await server.get("/fixtures/large.bin", headers: [("Range", "bytes=700001-2900000")])
                #expect(part.status == 206)
                #expect(part.body[...] == bytes[700_001...2_900_000])
                let paced = try await server.get("/fixtures/large.bin?bandwidth=30MB/s")
                #expect(paced.body == bytes)
                let pacedEntry = try await server.entry("/fixtures/large.bin?bandwidth=30MB/s")
                // 3 MB at 30 MB/s: 0.1 s, within generous bounds.
                #expect(pacedEntry.duration > .milliseconds(75) && pacedEntry.duration < .milliseconds(500), "\(pacedEntry.duration)")
                let cut = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    try connection.write(RawConnection.request("GET", "/fixtures/large.bin?fault=truncate-after:2000000"))
                    let head = try connection.readHead()
                    return (head["Content-Length"], connection.readToEnd())
                }
                #expect(cut.0 == "3000000")
                #expect(cut.1.end == .closed)
                #expect(cut.1.bytes == Array(bytes[..<2_000_000]))
            }
        }

        @Test func fixtureThatShrinksWhileSent_isCut_andJournaledAsAborted() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/shrinking.bin"
            try Data(repeating: 7, count: 4_000_000).write(to: URL(fileURLWithPath: path))
            try await withMockServer(.init(fixtures: folder.path)) { server in
                let received = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    try connection.write(RawConnection.request("GET", "/fixtures/shrinking.bin?bandwidth=4MB/s"))
                    _ = try connection.readHead()
                    Thread.sleep(forTimeInterval: 0.2)
                    guard truncate(path, 1_000_000) == 0 else { throw TestSetupError("truncate: errno \(errno)") }
                    return connection.readToEnd()
                }
                #expect(received.end == .closed)
                #expect(received.bytes.count < 3_000_000)
                await server.settled()
                let entry = try await server.entry("/fixtures/shrinking.bin?bandwidth=4MB/s")
                #expect(entry.outcome == .aborted)
                #expect(entry.error == "the fixture changed while it was being sent")
                #expect(entry.bytesSent <= 1_000_000)
            }
        }

        @Test func fixture_onHead_announcesItsLength() async throws {
            try await withMockServer(Self.configuration) { server in
                let head = try await server.get("/fixtures/hello.txt", method: .head)
                #expect(head.status == 200)
                #expect(head["Content-Length"] == "19")
                #expect(head.body.isEmpty)
            }
        }

        @Test func fixture_withWantReprDigest_carriesTheFileDigest() async throws {
            try await withMockServer(Self.configuration) { server in
                let response = try await server.get("/fixtures/data.json", headers: [("Want-Repr-Digest", "sha-256")])
                let digest = SHA256.hash(try TestFixtures.bytes("data.json"))
                #expect(response["Repr-Digest"] == "sha-256=:\(Data(digest).base64EncodedString()):")
            }
        }

        @Test(arguments: [nil, "/nonexistent/networklab/fixtures"])
        func noFixturesFolder_answers404(folder: String?) async throws {
            try await withMockServer(.init(fixtures: folder)) { server in
                let response = try await server.get("/fixtures/hello.txt")
                #expect(response.status == 404)
            }
        }

        @Test(arguments: ["missing.txt", "site", "site/", "hello.txt/", "./hello.txt", "site/./index.html", "site//index.html", ""])
        func pathThatIsNotAPlainFile_answers404(path: String) async throws {
            try await withMockServer(Self.configuration) { server in
                let response = try await server.get("/fixtures/\(path)")
                #expect(response.status == 404)
            }
        }

        // MARK: - Traversal

        static let traversals: [String] = [
            "../secret.txt", "..%2fsecret.txt", "..%2Fsecret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt",
            ".%2e/secret.txt", "%2E%2E/secret.txt", "sub/../../secret.txt", "sub/..%2f..%2fsecret.txt",
            "sub/%2e%2e/%2e%2e/secret.txt", "..\\secret.txt", "..%5csecret.txt", "sub%5c..%5c..%5csecret.txt",
            "%252e%252e/secret.txt", "%c0%ae%c0%ae/secret.txt", "..", "%2e%2e",
            "hello.txt%00", "hello.txt%00.png", "%00", "%00/../secret.txt",
            "/etc/passwd", "%2fetc%2fpasswd", "%2F..%2Fsecret.txt", "//etc/passwd",
            "escape.txt", "etc/passwd", "etc/hostname", "sub/escape-dir/secret.txt", "loop",
            String(repeating: "a/", count: 600) + "hello.txt",
            String(repeating: "a", count: 3000),
            String(repeating: "..%2f", count: 300) + "etc/passwd",
            String(repeating: "sub/", count: 300) + String(repeating: "../", count: 301) + "secret.txt",
        ]

        @Test func traversalAttempts_allAnswer404_andNeverLeakTheFileOutside() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try folder.write("secret.txt", "TOP SECRET")
            try folder.write("public/hello.txt", "hello")
            try folder.write("public/sub/inner.txt", "inner")
            try folder.link("public/escape.txt", to: "../secret.txt")
            try folder.link("public/etc", to: "/etc")
            try folder.link("public/sub/escape-dir", to: "../..")
            try folder.link("public/loop", to: "loop")
            try folder.link("public/inside.txt", to: "sub/inner.txt")

            try await withMockServer(.init(fixtures: folder.path + "/public")) { server in
                // The folder serves what it should, a symlink that stays inside included.
                #expect(try await server.get("/fixtures/hello.txt").text == "hello")
                #expect(try await server.get("/fixtures/inside.txt").text == "inner")
                for attempt in Self.traversals {
                    let response = try await server.get("/fixtures/" + attempt)
                    #expect(response.status == 404, "\(attempt.prefix(80))")
                    #expect(!response.text.contains("TOP SECRET"))
                    #expect(!response.text.contains("root:"))
                }
                // An absolute-form target is routed by its path, and refused the same way.
                let absolute = try await server.get("http://127.0.0.1/fixtures/../secret.txt")
                #expect(absolute.status == 404)
                #expect(try await server.get("http://127.0.0.1/fixtures/hello.txt").text == "hello")
            }
        }
    }
}
