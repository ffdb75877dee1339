import Foundation
import NetworkCore

extension DownloadBatch {
    /// Runs `download` for every request in a task group, at most `concurrency` at a time (nil:
    /// all at once), and collects the results in input order with the wall time.
    static func run(
        _ requests: [DownloadRequest],
        concurrency: Int?,
        destination: @escaping @Sendable (Int, URL) -> DownloadDestination,
        progress: (@Sendable (Int, DownloadProgress) -> Void)?,
        download: @escaping @Sendable (DownloadRequest, DownloadDestination, (@Sendable (DownloadProgress) -> Void)?) async throws(DownloadError) -> DownloadResult
    ) async -> DownloadBatch {
        let start = Instant.now()
        var results = [Result<DownloadResult, DownloadError>?](repeating: nil, count: requests.count)
        let limit = max(1, concurrency ?? requests.count)
        await withTaskGroup(of: (Int, Result<DownloadResult, DownloadError>).self) { group in
            var next = 0
            func launch() {
                let index = next
                let request = requests[index]
                next += 1
                group.addTask {
                    let report = progress.map { progress in { @Sendable (value: DownloadProgress) in progress(index, value) } }
                    do throws(DownloadError) {
                        return (index, .success(try await download(request, destination(index, request.url), report)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < min(limit, requests.count) { launch() }
            for await (index, result) in group {
                results[index] = result
                if next < requests.count { launch() }
            }
        }
        return DownloadBatch(results: results.map { $0! }, wallTime: Instant.now() - start)
    }
}
