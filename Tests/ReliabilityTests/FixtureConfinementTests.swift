import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// `/fixtures/` serves the fixtures folder and never opens anything outside it: a watch on the
/// folder next to it sees no open at all while traversal attempts of every kind are answered
/// 404, and a FIFO out there (which would block whoever opens it) stays unopened. Special files
/// inside the folder are refused without blocking the server.
@Suite struct FixtureConfinementTests {
    /// Ways out of `public/` towards `../secret.txt` and `../outside.fifo`, beyond the plain
    /// ones `FixturesTests` tries.
    static let attempts: [String] = {
        let targets = ["secret.txt", "outside.fifo"]
        let ways = [
            "../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "%2E%2E%2F", ".%2e/", "%2e./", "..%5c", "..\\",
            "sub/../../", "sub/..%2f..%2f", "sub/%2e%2e/%2e%2e/", "%252e%252e%252f", "%c0%ae%c0%ae/", "%e0%80%ae%e0%80%ae/",
            "..;/", "..%00/", "%00../", "./../", "sub/./../../", "sub//../../", "%2fsub%2f..%2f..%2f",
            "escape-dir/", "sub/escape-dir/", "\(String(repeating: "sub/", count: 200))\(String(repeating: "../", count: 201))",
        ]
        return ways.flatMap { way in targets.map { way + $0 } } + [
            "escape.txt", "escape-fifo", "secret-hardly", "sub/escape-dir/secret.txt",
            "%2ftmp%2f", "/etc/passwd", "//etc/passwd", "\\etc\\passwd", "file:///etc/passwd", "..", "%2e%2e", "...",
            "hello.txt%00.png", "hello.txt/..", "hello.txt/../../secret.txt", String(repeating: "%2e", count: 2000),
        ]
    }()

    @Test func traversalAttempts_answer404_withoutOpeningAnythingOutsideTheFolder() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secret.txt", "TOP SECRET")
        try folder.makeFIFO("outside.fifo")
        try folder.write("public/hello.txt", "hello")
        try folder.write("public/sub/inner.txt", "inner")
        try folder.link("public/escape.txt", to: "../secret.txt")
        try folder.link("public/escape-fifo", to: "../outside.fifo")
        try folder.link("public/secret-hardly", to: folder.path + "/secret.txt")
        try folder.link("public/escape-dir", to: "..")
        try folder.link("public/sub/escape-dir", to: "../..")
        let watch = try OpenWatch(folder: folder.path)

        try await withMockServer(.init(fixtures: folder.path + "/public")) { server in
            for attempt in Self.attempts {
                let (response, _) = try await blocking { [port = server.port] in
                    try WireConnection.exchange("GET /fixtures/\(attempt) HTTP/1.1\r\nHost: t\r\n\r\n", port: port, readTimeout: 10)
                }
                #expect(response?.status == 404 || response?.status == 400, "\(attempt.prefix(80)): \(response?.status ?? 0)")
                #expect(response.map { !String(decoding: $0.body, as: UTF8.self).contains("TOP SECRET") } ?? true)
            }
            // The folder is served, so the watch would have seen a leak.
            let hello = try await blocking { [port = server.port] in
                try WireConnection.exchange("GET /fixtures/hello.txt HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
            }
            #expect(hello.response.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
        }
        #expect(watch.opened() == [], "files outside the fixtures folder were opened")
        #expect(!folder.fifoHasReader("outside.fifo"))
    }

    /// A FIFO (or any file that is not a regular file) inside the folder answers 404 at once,
    /// and never blocks the event loop in `open`, which would stall every connection.
    @Test func fifoInsideTheFolder_answers404_withoutBlockingTheServer() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.makeFIFO("pipe")
        try folder.link("link-to-pipe", to: "pipe")
        try folder.write("hello.txt", "hello")
        try await withMockServer(.init(fixtures: folder.path)) { server in
            for path in ["pipe", "link-to-pipe"] {
                let (response, end) = try await blocking { [port = server.port] in
                    try WireConnection.exchange("GET /fixtures/\(path) HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
                }
                #expect(response?.status == 404, "\(path): \(end)")
            }
            let (hello, _) = try await blocking { [port = server.port] in
                try WireConnection.exchange("GET /fixtures/hello.txt HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
            }
            #expect(hello?.status == 200)
        }
        #expect(!folder.fifoHasReader("pipe"))
    }

    /// Nothing but `GET` and `HEAD` reaches a fixture, so no method writes or deletes one.
    @Test(arguments: ["PUT", "POST", "DELETE", "PATCH", "MOVE", "COPY"])
    func writingMethods_onAFixture_answer405_andLeaveItUnchanged(method: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("hello.txt", "hello")
        try await withMockServer(.init(fixtures: folder.path)) { server in
            let (response, _) = try await blocking { [port = server.port] in
                try WireConnection.exchange("\(method) /fixtures/hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nbye", port: port)
            }
            #expect(response?.status == 405)
            #expect(response?.headers["Allow"] == "GET, HEAD")
        }
        #expect(try String(contentsOfFile: folder.path + "/hello.txt", encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["hello.txt"])
    }
}
