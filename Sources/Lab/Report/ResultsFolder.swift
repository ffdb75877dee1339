import Foundation

/// The folder a run writes its files to (`--out DIR`, or `lab-results/NAME-TIMESTAMP/`).
struct ResultsFolder {
    let path: String

    /// `lab-results/<name>-<yyyyMMdd-HHmmss>`, in local time, so folders sort by date.
    static func defaultPath(name: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "lab-results/\(name)-\(formatter.string(from: date))"
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
