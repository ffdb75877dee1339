import Foundation
import NetworkCore
@testable import NetworkLabClient

/// Our two clients, so that one test can check both behave the same.
enum ClientKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case blocking, async

    var description: String { rawValue }

    /// Downloads with a fresh client of this kind (the blocking one on its own thread).
    func download(
        _ url: URL, configuration: ClientConfiguration = ClientConfiguration(), to destination: DownloadDestination = .memory,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async -> Result<DownloadResult, DownloadError> {
        switch self {
        case .blocking:
            let client = BlockingLabClient(configuration: configuration)
            return await handOver { hand in
                Thread.detachNewThread {
                    hand(Result { () throws(DownloadError) in try client.download(url, to: destination, progress: progress) })
                }
            }
        case .async:
            do throws(DownloadError) {
                return .success(try await LabClient(configuration: configuration).download(url, to: destination, progress: progress))
            } catch {
                return .failure(error)
            }
        }
    }
}

extension ClientKind {
    /// Downloads `urls` one after another with one client of this kind (so connections can be
    /// reused).
    func downloadSequentially(_ urls: [URL], configuration: ClientConfiguration = ClientConfiguration()) async -> [Result<DownloadResult, DownloadError>] {
        switch self {
        case .blocking:
            let client = BlockingLabClient(configuration: configuration)
            return await handOver { hand in
                Thread.detachNewThread { hand(client.downloadAll(urls, concurrency: 1).results) }
            }
        case .async:
            return await LabClient(configuration: configuration).downloadAll(urls, concurrency: 1).results
        }
    }
}
