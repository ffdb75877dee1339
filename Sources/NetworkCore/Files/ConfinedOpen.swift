#if canImport(Glibc)
import CNetworkLab
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a file inside a folder so that nothing resolves outside it: not a `..`, and not a
/// symlink that someone swaps in between the caller's check of the path and the open.
///
/// On Linux 5.6 and later the kernel enforces it (`openat2` with `RESOLVE_BENEATH`). Elsewhere,
/// and where a sandbox refuses `openat2`, it is a plain `open` of `root/path`, and confinement
/// rests on the caller's own check of the path.
package enum ConfinedOpen {
    /// The descriptor of the file `path` (relative) beneath the folder `root`, opened
    /// read-only, without following a final symlink, and non-blocking (opening a FIFO would
    /// otherwise wait for a writer); or -1 with `errno` set (`EXDEV` for a path that escapes,
    /// on Linux).
    package static func openForReading(_ path: String, beneath root: String) -> Int32 {
        #if canImport(Glibc)
        let fd = cnetworklab_open_beneath(root, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd < 0, errno == ENOSYS || errno == EPERM else { return fd }
        return Glibc.open(root + "/" + path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        #else
        return Darwin.open(root + "/" + path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        #endif
    }

    /// Whether the kernel enforces the confinement here (`openat2` is available).
    package static let isEnforcedByKernel: Bool = {
        #if canImport(Glibc)
        let fd = cnetworklab_open_beneath("/", ".", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_DIRECTORY)
        if fd >= 0 { Glibc.close(fd) }
        return fd >= 0
        #else
        return false
        #endif
    }()
}
