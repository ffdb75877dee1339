import NetworkCore
import Foundation
@testable import NetworkLabClient
import MockServer

/// Runs a blocking download on its own thread and returns its result.
func blockingDownload(
    _ client: BlockingLabClient, _ request: DownloadRequest, to destination: DownloadDestination = .memory
) async -> Result<DownloadResult, DownloadError> {
    await handOver { hand in
        Thread.detachNewThread { hand(Result { () throws(DownloadError) in try client.download(request, to: destination) }) }
    }
}

/// A fresh empty temporary folder, removed by `cleanup`.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ClientTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Deterministic test bytes: byte `i` is a mix of `i` and `seed`.
func testBytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 8) ^ Int(seed)) }
}

/// A configuration without retries and with short timeouts, for fault tests. The total
/// timeout only rules out a hang: at the start of a run under AddressSanitizer the cooperative
/// pool was once 18 s late, and a download that waited for it hit a total of 20 s before the
/// 200 ms idle timeout its test was about.
func quickConfiguration(retry: RetryPolicy = .none) -> ClientConfiguration {
    var configuration = ClientConfiguration()
    configuration.retry = retry
    configuration.timeouts = Timeouts(connect: .seconds(5), firstByte: .seconds(5), idle: .seconds(5), total: .seconds(60))
    return configuration
}

extension MockServer {
    /// The journal once it holds `count` entries (or after 5 s): the server records an
    /// exchange just after its last byte leaves, which may be just after the client has it.
    func entries(count: Int) async -> [JournalEntry] {
        let deadline = ContinuousClock.now + .seconds(5)
        while journal.entries.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return journal.entries
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}

/// Progress reports collected from a callback.
final class Reports: Sendable {
    private let reports = Lock<[DownloadProgress]>([])
    func append(_ report: DownloadProgress) { reports.withLock { $0.append(report) } }
    var all: [DownloadProgress] { reports.withLock { $0 } }
}
