import NetworkLabClient
import Foundation
import LabBench
import NetworkCore

/// Runs the download workload in a mode with the client the mode names, every body
/// streamed into ``PayloadCheck`` and verified as it arrives.
enum DownloadModes {
    /// Downloads `url` `count` times in `mode`; the time is the batch's wall time, from its
    /// first request to its last byte.
    static func run(_ mode: Mode, url: URL, count: Int, seed: UInt64, control: RunControl) async -> Measurement {
        let urls = Array(repeating: url, count: count)
        let sink: @Sendable (Int, URL) -> DownloadDestination = { _, _ in PayloadCheck.sink(seed: seed, control: control) }
        // A pool as large as the downloads in flight, so each keeps its connection alive.
        let configuration = ClientConfiguration(maxIdleConnectionsPerHost: max(8, mode.concurrency ?? count), seed: seed)
        let batch: DownloadBatch
        switch mode {
        case .sequential, .threads:
            batch = await blocking(url: url, count: count, threads: mode.concurrency ?? 1, configuration: configuration, sink: sink, control: control)
        case .concurrent, .bounded:
            let client = LabClient(configuration: configuration)
            batch = await client.downloadAll(urls, concurrency: mode.concurrency, to: sink)
            client.close()
        case .urlsession:
            let downloader = URLSessionDownloader(configuration: configuration)
            batch = await downloader.downloadAll(urls, concurrency: nil, to: sink)
        }
        return measurement(batch, control: control)
    }

    /// The blocking client on `threads` threads of their own (never on the cooperative pool),
    /// each taking the next download until none is left or the run stops; timed from the
    /// first request to the last byte.
    private static func blocking(
        url: URL, count: Int, threads: Int, configuration: ClientConfiguration,
        sink: @escaping @Sendable (Int, URL) -> DownloadDestination, control: RunControl
    ) async -> DownloadBatch {
        let client = BlockingLabClient(configuration: configuration)
        defer { client.close() }
        let queue = JobQueue(count: count)
        typealias Finished = (results: [(Int, Result<DownloadResult, DownloadError>)], start: Instant, end: Instant)
        return await withTaskGroup(of: Finished.self) { group in
            for thread in 0..<min(threads, count) {
                group.addTask {
                    await DedicatedThread.run(name: "lab-blocking-\(thread)") {
                        let start = Instant.now()
                        var results: [(Int, Result<DownloadResult, DownloadError>)] = []
                        while !control.isStopping, let index = queue.take() {
                            let destination = sink(index, url)
                            results.append((index, Result { () throws(DownloadError) in try client.download(url, to: destination) }))
                        }
                        return (results, start, Instant.now())
                    }
                }
            }
            var results: [(Int, Result<DownloadResult, DownloadError>)] = []
            var start = Instant(nanoseconds: .max)
            var end = Instant.zero
            for await finished in group {
                results += finished.results
                start = min(start, finished.start)
                end = max(end, finished.end)
            }
            return DownloadBatch(results: results.sorted { $0.0 < $1.0 }.map(\.1), wallTime: end - start)
        }
    }

    /// What a batch measured; after a stop its failures are the stop's doing, not the link's.
    static func measurement(_ batch: DownloadBatch, control: RunControl) -> Measurement {
        var completed = 0
        var bytes: Int64 = 0
        var retries = 0
        var failures: [String] = []
        for result in batch.results {
            switch result {
            case .success(let download):
                completed += 1
                bytes += download.bytes
                retries += download.attempts - 1
            case .failure(let error):
                failures.append(error.description)
            }
        }
        let stopped = control.isStopping
        return Measurement(
            seconds: batch.wallTime.seconds, completed: completed, bytes: bytes,
            failures: stopped ? [] : failures, retries: retries, interrupted: stopped && completed < batch.results.count)
    }
}
