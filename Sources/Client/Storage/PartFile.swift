import Foundation
import NetworkCore

/// The `.part` file beside a file download's destination: every byte is written here first,
/// and the file is renamed to the destination only once the body is complete and verified,
/// so the destination never holds a partial file.
///
/// The resource's strong `ETag` is kept in the file's extended attribute
/// `user.networklab.etag`, so that a later call can resume from the bytes an earlier one left
/// (asking `If-Range` with that `ETag`, so a changed resource is never stitched onto them).
/// Without the attribute (a file system without user attributes) the bytes are not trusted
/// and the download starts over.
///
/// Every method blocks on file I/O: the async client calls them on its file queue.
package final class PartFile: Sendable {
    /// What an earlier download left in a `.part` file, good to resume from.
    package struct Prefix {
        /// Bytes held, from the start of the resource.
        var length: Int64
        /// The strong `ETag` they belong to.
        var validator: String
        /// SHA-256 fed with those bytes, to verify the whole resource at the end; nil when
        /// not asked for.
        var digest: SHA256?
    }

    /// Where the file goes once complete.
    package let destination: String
    /// `destination + ".part"`.
    package let path: String
    private let fd: Int32

    private static let validatorAttribute = "user.networklab.etag"
    private static let attributesKey = FileAttributeKey("NSFileExtendedAttributes")

    private init(destination: String, path: String, fd: Int32) {
        self.destination = destination
        self.path = path
        self.fd = fd
    }

    /// Opens or creates the `.part` file of `destination`; returns it and the bytes it holds
    /// worth resuming from (nil when it was empty or its bytes cannot be trusted, in which
    /// case it is emptied), hashed when `hashPrefix` says a digest will be verified.
    package static func open(destination: URL, hashPrefix: Bool) throws(DownloadError) -> (PartFile, Prefix?) {
        let destinationPath = destination.path
        let path = destinationPath + ".part"
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "open") }
        let file = PartFile(destination: destinationPath, path: path, fd: fd)
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            file.close()
            throw failure(path, "fstat")
        }
        let length = Int64(status.st_size)
        guard length > 0 else { return (file, nil) }
        if let validator = file.storedValidator() {
            do throws(DownloadError) {
                let digest = hashPrefix ? try file.digest(upTo: length) : nil
                return (file, Prefix(length: length, validator: validator, digest: digest))
            } catch {
                // Unreadable bytes are no prefix: start over.
            }
        }
        do throws(DownloadError) {
            try file.truncate()
        } catch {
            file.close()
            throw error
        }
        return (file, nil)
    }

    /// Writes all of `bytes` at `offset`.
    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(DownloadError) {
        var written = 0
        while written < bytes.count {
            let count = pwrite(fd, bytes.baseAddress! + written, bytes.count - written, off_t(offset) + off_t(written))
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "write")
            }
            written += count
        }
    }

    /// Prepares for a response's body (see ``BodyStore/begin(_:)``).
    package func begin(_ start: BodyStart) throws(DownloadError) {
        if start.restart { try truncate() }
        if start.validatorChanged { setValidator(start.validator) }
    }

    /// Empties the file, for a download starting over from byte 0.
    package func truncate() throws(DownloadError) {
        guard ftruncate(fd, 0) == 0 else { throw Self.failure(path, "truncate") }
    }

    /// Records the `ETag` the bytes belong to (nil: they belong to no resumable version).
    /// Best effort: without it a later call starts over instead of resuming.
    package func setValidator(_ validator: String?) {
        let value = Data((validator ?? "").utf8)
        try? FileManager.default.setAttributes([Self.attributesKey: [Self.validatorAttribute: value]], ofItemAtPath: path)
    }

    /// Closes the file and renames it to the destination, replacing any file there.
    package func commit() throws(DownloadError) {
        close()
        guard rename(path, destination) == 0 else { throw Self.failure(destination, "rename from \(path)") }
    }

    /// Closes the file, leaving it on disk for a later call to resume from.
    package func close() {
        _ = Glibc.close(fd)
    }

    /// Closes and deletes the file, whose bytes are known bad.
    package func remove() {
        close()
        _ = unlink(path)
    }

    /// Leaves the file after a download failed for good: kept for a later call to resume
    /// from, unless `discard` says its bytes are bad.
    package func abandon(discard: Bool) {
        if discard { remove() } else { close() }
    }

    private func storedValidator() -> String? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let stored = attributes?[Self.attributesKey] as? [String: Data],
            let value = stored[Self.validatorAttribute], !value.isEmpty
        else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    /// SHA-256 of the first `length` bytes.
    private func digest(upTo length: Int64) throws(DownloadError) -> SHA256 {
        var digest = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while offset < length {
            let count = pread(fd, buffer.baseAddress, Int(min(Int64(buffer.count), length - offset)), off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Self.failure(path, "read") }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            offset += Int64(count)
        }
        return digest
    }

    private static func failure(_ path: String, _ call: String) -> DownloadError {
        .file(path: path, reason: "\(call): \(String(cString: strerror(errno))) (errno \(errno))")
    }
}
