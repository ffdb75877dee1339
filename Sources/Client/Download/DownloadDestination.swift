import Foundation

/// Where a download's body goes.
///
/// ```swift
/// try await client.download(url, to: .memory)                       // result.body
/// try await client.download(url, to: .file(URL(fileURLWithPath: "/tmp/big.bin")))
/// try await client.download(url, to: .sink { offset, bytes in      // no buffering
///     try verifier.check(bytes, at: offset)                          // throw to abort
/// })
/// ```
public enum DownloadDestination: Sendable {
    /// Kept in memory and returned as ``DownloadResult/body``.
    case memory
    /// Written to this file, atomically: bytes go to `path + ".part"` beside it, renamed only
    /// once complete and verified. A later attempt or call resumes from the `.part` file.
    /// After a final failure the destination does not exist; the `.part` file may, to resume.
    case file(URL)
    /// Handed to the closure in order, as `(offset in the resource, bytes)` pieces valid only
    /// during the call. Throwing aborts the download with ``DownloadError/sinkFailed(_:)``.
    /// A sink cannot take bytes back, so a download into one resumes after a failure only
    /// when the server can send exactly the missing bytes.
    case sink(@Sendable (_ offset: Int64, _ bytes: UnsafeRawBufferPointer) throws -> Void)
}

extension DownloadDestination {
    /// The destination file, for a file destination.
    package var fileURL: URL? {
        if case .file(let url) = self { url } else { nil }
    }

    /// Whether bytes go to a caller's sink, which cannot take them back.
    var isSink: Bool {
        if case .sink = self { true } else { false }
    }
}
