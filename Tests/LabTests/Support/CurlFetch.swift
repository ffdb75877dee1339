import Foundation
import TestSupport

/// One `curl` run from a Lab test: status, body and `Content-Type`, off the cooperative pool.
/// Never through a proxy the environment names: the tests talk to 127.0.0.1 only.
struct CurlFetch: Sendable {
    var exitCode: Int32
    var status: Int
    var contentType: String
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    static func run(_ url: URL, _ arguments: [String] = []) async throws -> CurlFetch {
        try await blocking {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let bodyFile = folder.appendingPathComponent("body")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-sS", "--noproxy", "*", "-o", bodyFile.path, "-w", "%{http_code} %{content_type}"]
                + arguments + [url.absoluteString]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let written = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let parts = written.split(separator: " ", maxSplits: 1)
            return CurlFetch(
                exitCode: process.terminationStatus, status: parts.first.flatMap { Int($0) } ?? -1,
                contentType: parts.count > 1 ? String(parts[1]) : "",
                body: (try? [UInt8](Data(contentsOf: bodyFile))) ?? []
            )
        }
    }
}
