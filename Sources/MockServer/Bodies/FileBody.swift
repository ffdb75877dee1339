#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetworkCore

/// An open fixture file, read piece by piece while its response is sent; closed when the
/// response no longer needs it.
final class FileBody: StaticBodySource, @unchecked Sendable {
    // Immutable after init; `pread` takes its own offset, so concurrent reads are safe.
    let fd: Int32
    let size: Int64
    let modified: Int64
    let device: UInt64
    let inode: UInt64

    /// Why a fixture could not be opened.
    enum OpenFailure: Error {
        /// Missing, not a regular file, or unreadable: for clients, there is no such fixture.
        case unavailable
        /// The process or the system is out of file descriptors: the fixture may well exist,
        /// and opening it can succeed once connections close.
        case outOfDescriptors
    }

    /// Opens a regular file at an already-validated `path` relative to the folder `root`,
    /// without following a final symlink, and (on Linux) without resolving anything outside
    /// `root` even if the path changed since it was checked.
    init(_ path: String, in root: String) throws(OpenFailure) {
        // Non-blocking (a FIFO would otherwise hold the event loop until a writer came), which
        // changes nothing for regular files.
        let fd = ConfinedOpen.openForReading(path, beneath: root)
        guard fd >= 0 else { throw errno == EMFILE || errno == ENFILE ? .outOfDescriptors : .unavailable }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .unavailable
        }
        self.fd = fd
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count > 0 {
                done += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return done
    }

    var digestKey: String? { "file:\(device):\(inode):\(size):\(modified)" }

    /// A strong validator from size and modification time.
    var etag: String { "\"\(String(size, radix: 16))-\(String(modified, radix: 16))\"" }
}
