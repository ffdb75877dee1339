import Foundation
import MockServer

/// The HAR files `lab serve --replay` names: files, and folders of `.har` files, read and
/// checked before anything is served.
enum ReplayFiles {
    /// The archives of `paths` in order (a folder's `.har` files by name); a usage error naming
    /// the file and what is wrong in it for the first that cannot be replayed.
    static func load(_ paths: [String]) throws(UsageError) -> [HARArchive] {
        var archives: [HARArchive] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw UsageError("--replay: \(path) does not exist; give a .har file or a folder of them")
            }
            var files = [path]
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { $0.lowercased().hasSuffix(".har") }.sorted().map { path + "/" + $0 }
                guard !files.isEmpty else { throw UsageError("--replay: the folder \(path) holds no .har file") }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw UsageError("--replay: \(file) cannot be read")
                }
                do {
                    archives.append(try HARArchive(json: data, source: file))
                } catch {
                    throw UsageError("--replay: \(error.description)")
                }
            }
        }
        return archives
    }

    /// Where `--replay-miss proxy` appends the misses it forwards, for the first `--replay`
    /// path: that file, or `misses.har` in that folder (read with the folder's other files
    /// next time).
    static func missRecording(for path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return path }
        return path + "/misses.har"
    }
}
