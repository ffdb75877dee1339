#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fresh folder under the system's temporary folder, removed by ``remove()``.
package struct TemporaryFolder {
    package let path: String

    /// ``path`` as a file URL.
    package var url: URL {
        URL(fileURLWithPath: path, isDirectory: true)
    }

    package init() throws {
        // Resolved, so that paths built from it compare equal to the server's real paths.
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        path = base + "/networklab-reliability-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` (a relative path; folders are created).
    package func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Makes `name` a symbolic link to `destination` (as written, relative or absolute).
    package func link(_ name: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + name, withDestinationPath: destination)
    }

    /// Makes `name` a FIFO: whoever opens it for reading blocks until a writer comes.
    package func makeFIFO(_ name: String) throws {
        guard mkfifo(path + "/" + name, 0o600) == 0 else { throw TestSetupError("mkfifo \(name): errno \(errno)") }
    }

    /// Whether some process has the FIFO `name` open for reading, or is blocked opening it: a
    /// non-blocking open for writing succeeds exactly then (else it fails with ENXIO).
    package func fifoHasReader(_ name: String) -> Bool {
        let fd = open(path + "/" + name, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
