#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

/// What this process holds, from `/proc/self`: the measure of a leak.
struct ProcessResources: Sendable, CustomStringConvertible {
    /// Open file descriptors (`/proc/self/fd`).
    var descriptors: Int { openFiles.count }
    /// What each open descriptor refers to (`socket:[123]`, `anon_inode:[eventpoll]`, a path),
    /// to name a leak.
    var openFiles: [String]
    /// Threads (`/proc/self/task`).
    var threads: Int
    /// Resident memory in bytes, after asking malloc to return free memory to the system.
    var residentBytes: Int

    /// The resources now.
    static func now() throws -> ProcessResources {
        trimMalloc()
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let statm = try TextFile.read("/proc/self/statm").split(separator: " ")
        let folder = "/proc/self/fd"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).compactMap { name in
            // The descriptor that lists the folder is gone by now, so it has no target.
            try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(name)")
        }
        return ProcessResources(
            openFiles: files.sorted(),
            threads: try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count,
            residentBytes: Int(statm[1])! * pageSize
        )
    }

    var description: String {
        "\(descriptors) descriptors, \(threads) threads, \(residentBytes / 1_048_576) MiB resident"
    }

    /// The descriptors open now that were not before, by what they refer to.
    func filesOpened(since before: ProcessResources) -> [String] {
        var remaining = before.openFiles
        return openFiles.filter { file in
            guard let index = remaining.firstIndex(of: file) else { return true }
            remaining.remove(at: index)
            return false
        }
    }

    /// False under a sanitizer: AddressSanitizer holds freed memory in quarantine (and finds
    /// leaks itself, more precisely), ThreadSanitizer keeps shadow memory; resident memory then
    /// says nothing about leaks.
    static var residentMemoryShowsLeaks: Bool { !Sanitizers.present }

    /// glibc keeps freed memory for reuse; `malloc_trim(0)` gives it back, so resident memory
    /// shows what is still allocated. Looked up at run time: the Glibc module does not export it.
    private static func trimMalloc() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}
