import Foundation
import NetworkCore

extension DownloadBatch {
    /// Runs `download` for every URL in a task group, at most `concurrency` at a time (nil:
    /// all at once), and collects the results in input order with the wall time.
    static func run(
        _ urls: [URL],
        concurrency: Int?,
        destination: @escaping @Sendable (Int, URL) -> DownloadDestination,
        progress: (@Sendable (Int, DownloadProgress) -> Void)?,
        download: @escaping @Sendable (URL, DownloadDestination, (@Sendable (DownloadProgress) -> Void)?) async throws(DownloadError) -> DownloadResult
    ) async -> DownloadBatch {
        let start = Instant.now()
        var results = [Result<DownloadResult, DownloadError>?](repeating: nil, count: urls.count)
        let limit = max(1, concurrency ?? urls.count)
        await withTaskGroup(of: (Int, Result<DownloadResult, DownloadError>).self) { group in
            var next = 0
            func launch() {
                let index = next
                let url = urls[index]
                next += 1
                group.addTask {
                    let report = progress.map { progress in { @Sendable (value: DownloadProgress) in progress(index, value) } }
                    do throws(DownloadError) {
                        return (index, .success(try await download(url, destination(index, url), report)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(limit, urls.count) { launch() }
            for await (index, result) in group {
                results[index] = result
                if next < urls.count { launch() }
            }
        }
        return DownloadBatch(results: results.map { $0! }, wallTime: Instant.now() - start)
    }
}
