#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A first-in first-out queue of body bytes that keeps at most `memoryLimit` bytes in memory
/// and the rest in an unlinked temporary file.
///
/// Why a file: URLSession on Linux cannot slow an upstream down. Its `suspend()` removes the
/// transfer from libcurl and `resume()` sends the request again (the body arrives twice), and
/// its delegate calls are queued without bound whatever the delegate does. So the https://
/// leg reads the upstream at the upstream's pace, and the bytes a slow client has not taken
/// yet wait here, on disk rather than in memory. Once the client catches up the file is
/// emptied again, so it only ever holds what the client is behind by. Not thread-safe: its
/// owner (``TLSTransfer``) guards it with a lock.
final class BodySpool {
    /// Why bytes could not be spooled: the temporary file could not be created or written.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let memoryLimit: Int
    private var memory: [[UInt8]] = []
    private var memoryStart = 0
    private var memoryBytes = 0
    private var descriptor: Int32 = -1
    private var readOffset: Int64 = 0
    private var writeOffset: Int64 = 0

    /// An empty spool holding up to `memoryLimit` bytes in memory.
    init(memoryLimit: Int) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Whether no byte is waiting.
    var isEmpty: Bool { memoryBytes == 0 && readOffset == writeOffset }

    /// Bytes waiting on disk, for tests and diagnostics.
    var spilledBytes: Int64 { writeOffset - readOffset }

    /// Adds `bytes` after those already waiting: in memory while they fit and nothing waits
    /// on disk (order is kept: memory holds the older bytes), on disk otherwise.
    func append(_ bytes: [UInt8]) throws(Failure) {
        guard !bytes.isEmpty else { return }
        if readOffset == writeOffset && memoryBytes + bytes.count <= memoryLimit {
            memory.append(bytes)
            memoryBytes += bytes.count
            return
        }
        let file = try openFile()
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                pwrite(file, buffer.baseAddress! + written, buffer.count - written, off_t(writeOffset) + off_t(written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot write the spool file: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        writeOffset += Int64(written)
    }

    /// The oldest waiting bytes, at most `limit` of them; nil when none wait.
    func take(upTo limit: Int) throws(Failure) -> [UInt8]? {
        if memoryBytes > 0 {
            let piece = memory[memoryStart]
            memory[memoryStart] = []
            memoryStart += 1
            memoryBytes -= piece.count
            if memoryStart == memory.count {
                memory.removeAll(keepingCapacity: true)
                memoryStart = 0
            }
            return piece
        }
        guard readOffset < writeOffset else { return nil }
        let count = Int(min(Int64(limit), writeOffset - readOffset))
        var piece = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = piece.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(readOffset) + off_t(filled))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw Failure(description: "cannot read the spool file back: \(result < 0 ? String(cString: strerror(errno)) : "it ended early")")
            }
            filled += result
        }
        readOffset += Int64(count)
        if readOffset == writeOffset {
            // Drained: start the file over, so that it holds only what the client is behind by.
            readOffset = 0
            writeOffset = 0
            _ = ftruncate(descriptor, 0)
        }
        return piece
    }

    private func openFile() throws(Failure) -> Int32 {
        if descriptor >= 0 { return descriptor }
        let folder = FileManager.default.temporaryDirectory.path
        var template = Array("\(folder)/lab-proxy-spool-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else {
            throw Failure(description: "cannot create a spool file in \(folder): \(String(cString: strerror(errno)))")
        }
        // Unlinked at once: the file vanishes with its descriptor, even if lab is killed.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = file
        return file
    }
}
