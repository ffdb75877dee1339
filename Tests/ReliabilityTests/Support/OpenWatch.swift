#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// Counts the times anything opens a file in one folder (inotify `IN_OPEN`), to prove that a
/// server never opened a file there at all, whatever it then answered.
final class OpenWatch {
    private let fd: Int32

    /// Watches the files directly inside `folder` (not those in its subfolders).
    init(folder: String) throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0, inotify_add_watch(fd, folder, UInt32(IN_OPEN)) >= 0 else {
            throw TestSetupError("cannot watch \(folder) with inotify (errno \(errno))")
        }
    }

    deinit { close(fd) }

    /// The names of the files opened since the watch began (or since the last call).
    func opened() -> [String] {
        var names: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return names }
            var offset = 0
            while offset < count {
                let (nameLength, name) = buffer.withUnsafeBytes { bytes -> (Int, String) in
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let raw = bytes[start..<(start + Int(event.len))].prefix { $0 != 0 }
                    return (Int(event.len), String(decoding: raw, as: UTF8.self))
                }
                names.append(name.isEmpty ? "(the folder itself)" : name)
                offset += MemoryLayout<inotify_event>.size + nameLength
            }
        }
    }
}
