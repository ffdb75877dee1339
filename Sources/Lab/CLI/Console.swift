#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where `lab` writes: stdout for results, stderr for progress and errors, flushed at once so
/// a script reading our output (`lab serve`'s URL line) sees it immediately.
enum Console {
    /// Writes a line to stdout and flushes.
    static func out(_ line: String) {
        write(Data((line + "\n").utf8))
    }

    /// Writes bytes to stdout as they are. A reader that went away (`lab | head`) is not an
    /// error worth a crash: what it did not want is dropped.
    static func write(_ data: Data) {
        try? FileHandle.standardOutput.write(contentsOf: data)
    }

    /// Writes a line to stderr.
    static func error(_ line: String) {
        writeError(Data((line + "\n").utf8))
    }

    /// Writes bytes to stderr as they are (progress lines redrawn in place).
    static func writeError(_ data: Data) {
        try? FileHandle.standardError.write(contentsOf: data)
    }

    /// True when stdout is a terminal (progress bars and colour make sense).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// True when colour is wanted: a terminal, and `NO_COLOR` unset (https://no-color.org).
    static var useColor: Bool {
        isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
