import Dispatch
import Foundation
import MockServer
import NetworkCore

/// `lab proxy --record FILE.har`: turns each exchange the proxy forwarded into a HAR entry
/// with the proxy's own timings, and appends it to the file off the proxy's threads, in the
/// order the exchanges completed.
final class HARRecorder: Sendable {
    let file: HARFile
    private let queue = DispatchQueue(label: "lab.proxy.record")
    private let failed = Lock(false)
    /// Who is writing, for the one line a failed write prints (`lab proxy: --record`).
    private let label: String

    var path: String { file.path }
    /// Entries written so far.
    var count: Int { file.count }

    /// Starts the file at `path` (an empty, valid archive at once), or with `continuing` goes on
    /// after the entries of the archive already there (see ``HARFile``).
    init(path: String, keepSecrets: Bool, continuing: Bool = false, label: String = "lab proxy: --record") throws {
        file = try HARFile(path: path, keepSecrets: keepSecrets, continuing: continuing)
        self.label = label
    }

    /// Opens a recorder at `path` and makes it `upstream`'s: every exchange forwarded there
    /// that comes back whole goes into the file.
    static func attached(
        to upstream: inout MockServer.Upstream?, path: String, keepSecrets: Bool, continuing: Bool = false, label: String = "lab proxy: --record"
    ) throws -> HARRecorder {
        let recorder = try HARRecorder(path: path, keepSecrets: keepSecrets, continuing: continuing, label: label)
        upstream?.recorder = { exchange in recorder.record(exchange) }
        return recorder
    }

    /// Queues `exchange` for the file; returns at once.
    func record(_ exchange: ProxiedExchange) {
        let entry = Self.entry(exchange)
        queue.async { [file, failed, label] in
            do {
                try file.append(entry)
            } catch {
                // Say it once: a full disk would otherwise print a line per request.
                if failed.withLock({ failed in defer { failed = true }; return !failed }) {
                    Console.error("\(label): cannot write \(file.path): \(FileFailure.reason(error))")
                }
            }
        }
    }

    /// Waits until every queued entry is in the file.
    func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }

    /// The HAR entry for one exchange; times in milliseconds, as HAR counts them.
    static func entry(_ exchange: ProxiedExchange) -> HAREntry {
        var request = HARRequest(
            method: exchange.method, url: exchange.url.absoluteString, httpVersion: exchange.requestVersion,
            headers: exchange.requestHeaders, body: exchange.requestBody, headersSize: exchange.requestHeadSize
        )
        // A large streamed body is recorded by its start; bodySize still says how large it was.
        request.bodySize = Int(clamping: max(exchange.requestBodySize, Int64(exchange.requestBody.count)))
        var response = HARResponse(
            status: exchange.status, httpVersion: exchange.responseVersion, headers: exchange.responseHeaders,
            body: exchange.responseBody, headersSize: exchange.responseHeadSize
        )
        response.statusText = exchange.reason
        let timings = exchange.timings
        return HAREntry(
            started: exchange.startedAt, request: request, response: response,
            timings: HARTimings(
                blocked: timings.blocked * 1000, connect: timings.connect.map { $0 * 1000 },
                send: timings.send * 1000, wait: timings.wait * 1000, receive: timings.receive * 1000
            )
        )
    }
}
