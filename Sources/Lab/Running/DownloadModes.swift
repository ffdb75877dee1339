import Client
import Foundation

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
            // Blocking sockets on threads of their own: never on the cooperative pool.
            let threads = mode.concurrency ?? 1
            batch = await DedicatedThread.run(name: "lab-blocking") {
                let client = BlockingHTTPClient(configuration: configuration)
                defer { client.close() }
                return client.downloadAll(urls, threads: threads, to: sink)
            }
        case .concurrent, .bounded:
            let client = HTTPClient(configuration: configuration)
            batch = await client.downloadAll(urls, concurrency: mode.concurrency, to: sink)
            client.close()
        case .urlsession:
            let downloader = URLSessionDownloader(configuration: configuration)
            batch = await downloader.downloadAll(urls, concurrency: nil, to: sink)
        }
        return measurement(batch, control: control)
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
