#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The folder a run writes its files to (`--out DIR`, or `lab-results/NAME-TIMESTAMP/`).
struct ResultsFolder {
    let path: String

    /// `out` as given, or else a new folder `<parent>/<name>-<yyyyMMdd-HHmmss>` (local time,
    /// so folders sort by date), created now: a second run in the same second gets `-2`, the
    /// next `-3`, instead of replacing the first one's files.
    static func chosen(out: String?, name: String, date: Date, parent: String = "lab-results") throws(OutputError) -> ResultsFolder {
        if let out { return ResultsFolder(path: out) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = "\(parent)/\(name)-\(formatter.string(from: date))"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: parent, reason: FileFailure.reason(error))
        }
        for attempt in 1...1_000 {
            let path = attempt == 1 ? base : "\(base)-\(attempt)"
            if mkdir(path, 0o755) == 0 { return ResultsFolder(path: path) }
            guard errno == EEXIST else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        }
        throw OutputError(path: base, reason: "a thousand runs made that folder already")
    }

    /// Creates the folder if needed and writes each file into it.
    func write(_ files: [(name: String, contents: Data)]) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in files {
                try file.contents.write(to: URL(fileURLWithPath: path).appendingPathComponent(file.name), options: .atomic)
            }
        } catch {
            throw OutputError(path: path, reason: FileFailure.reason(error))
        }
    }
}
