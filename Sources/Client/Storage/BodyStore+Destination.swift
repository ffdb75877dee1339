import Foundation

extension BodyStore {
    /// The store for `destination`; `file` is the opened `.part` file of a file destination.
    package convenience init(_ destination: DownloadDestination, file: PartFile?) {
        switch destination {
        case .memory: self.init(.memory)
        case .sink(let sink): self.init(.sink(sink))
        case .file: self.init(.file(file!))
        }
    }

    /// `result` with the body of a memory download, or the file of a file download; call
    /// after the `.part` file was committed.
    package func finish(_ result: DownloadResult) -> DownloadResult {
        var result = result
        switch target {
        case .memory: result.body = memory
        case .file(let file): result.file = URL(fileURLWithPath: file.destination)
        case .sink: break
        }
        return result
    }

    /// The `.part` file, for a file destination.
    package var file: PartFile? {
        if case .file(let file) = target { file } else { nil }
    }
}
