import Foundation
import TestSupport

/// One `curl` run from a Lab test: status, headers, body and `Content-Type`, off the cooperative pool.
/// Never through a proxy the environment names: the tests talk to 127.0.0.1 only.
struct CurlFetch: Sendable {
    var exitCode: Int32
    var status: Int
    var contentType: String
    var body: [UInt8]
    /// The fields of the last response head (after any 1xx), in order.
    var headers: [(name: String, value: String)] = []

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The values of the field `name`, in order.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    static func run(_ url: URL, _ arguments: [String] = []) async throws -> CurlFetch {
        try await blocking { try fetch(url, arguments) }
    }

    /// The same, on the calling thread (which it blocks): for a test that times the exchange
    /// from the client's own thread, or calls `whileRunning` about every 100 ms until curl exits.
    static func fetch(_ url: URL, _ arguments: [String] = [], whileRunning: (() -> Void)? = nil) throws -> CurlFetch {
        do {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let bodyFile = folder.appendingPathComponent("body")
            let headFile = folder.appendingPathComponent("head")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-sS", "--noproxy", "*", "-o", bodyFile.path, "-D", headFile.path, "-w", "%{http_code} %{content_type}"]
                + arguments + [url.absoluteString]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.runTied()
            if let whileRunning {
                while process.isRunning {
                    whileRunning()
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            let written = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            let parts = written.split(separator: " ", maxSplits: 1)
            return CurlFetch(
                exitCode: process.terminationStatus, status: parts.first.flatMap { Int($0) } ?? -1,
                contentType: parts.count > 1 ? String(parts[1]) : "",
                body: (try? [UInt8](Data(contentsOf: bodyFile))) ?? [],
                headers: lastHead((try? String(contentsOf: headFile, encoding: .utf8)) ?? "")
            )
        }
    }

    private static func lastHead(_ text: String) -> [(name: String, value: String)] {
        let heads = text.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
        guard let head = heads.last else { return [] }
        return head.components(separatedBy: "\r\n").dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }
}
