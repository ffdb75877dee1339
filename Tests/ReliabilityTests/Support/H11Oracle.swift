import Foundation
import TestSupport

/// Python's h11, an HTTP/1.1 parser this package did not write, as the judge of what a client
/// sent and what the server answered (`Tests/Oracles/h11_oracle.py`). One python process
/// judges a whole batch of cases, so 10,000 cases cost a few processes, not 10,000.
enum H11Oracle {
    /// How h11 reads one case: the client's requests as a server would, and the server's
    /// responses as a client would.
    struct Judgement: Decodable, Sendable {
        var requests: [Request]
        var responses: [Response]
    }

    /// One request as h11 reads it (`verdict`: `accept`, `reject` or `incomplete`).
    struct Request: Decodable, Sendable {
        var verdict: String
        /// Offsets in the client's bytes: where the request starts, where its head and the
        /// whole request end.
        var start: Int
        var headEnd: Int?
        var end: Int?
        var method: String?
        /// The request-target, in hex.
        var target: String?
        var version: String?
        var headers: [[String]]?
        var body: Int?
        /// h11 would close the connection after this request.
        var closes: Bool?
        var error: String?
        /// For an incomplete request: the bytes end inside its head.
        var head: Bool?
        /// Empty lines skipped before the request-line (``KnownDisagreement/leadingEmptyLines``).
        var skipped: Int?
        /// For a rejected request: whether the bytes held a whole head, up to an empty line.
        var whole: Bool?

        var targetBytes: [UInt8] {
            guard let target else { return [] }
            var bytes: [UInt8] = []
            var index = target.startIndex
            while index < target.endIndex, let next = target.index(index, offsetBy: 2, limitedBy: target.endIndex) {
                bytes.append(UInt8(target[index..<next], radix: 16) ?? 0)
                index = next
            }
            return bytes
        }

        func header(_ name: String) -> [String] {
            (headers ?? []).filter { $0.count == 2 && $0[0].lowercased() == name }.map { $0[1] }
        }
    }

    /// One response as h11 reads it, or an `error` where the bytes are not a response.
    struct Response: Decodable, Sendable {
        var status: Int?
        var close: Bool?
        var complete: Bool?
        var error: String?
    }

    /// h11's judgement of each `(sent, received)` case, in order.
    static func judge(_ cases: [(sent: [UInt8], received: [UInt8])]) throws -> [Judgement] {
        var text = ""
        for (sent, received) in cases { text += hex(sent) + " " + hex(received) + "\n" }
        let oracle = Repository.root.appendingPathComponent("Tests/Oracles/h11_oracle.py").path
        let run = try ToolRun(["python3", oracle], input: Data(text.utf8))
        guard run.status == 0 else {
            throw TestSetupError("the h11 oracle failed (python3 with h11 is installed by .ci/install-peers): \(run.stderr)")
        }
        let lines = run.stdout.split(separator: UInt8(ascii: "\n"))
        guard lines.count == cases.count else { throw TestSetupError("the h11 oracle judged \(lines.count) of \(cases.count) cases") }
        return try lines.map { try JSONDecoder().decode(Judgement.self, from: Data($0)) }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
