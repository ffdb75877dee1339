#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file with `read(2)`, `chunk` bytes at a time: without Foundation, whose
/// readers leak a buffer for every empty file (which `/proc` files claim to be), and
/// LeakSanitizer says so. A `/proc` table read in one chunk is listed in one pass.
package enum TextFile {
    /// The text in the file at `path` (UTF-8, with invalid bytes replaced).
    package static func read(_ path: String, chunk: Int = 64 * 1024) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TestSetupError("cannot open \(path): errno \(errno)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw TestSetupError("cannot read \(path): errno \(errno)") }
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes += buffer[..<count]
        }
    }
}
