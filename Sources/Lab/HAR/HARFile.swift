#if canImport(Glibc)
import Glibc
#endif
import NetworkCore
import Foundation
import MockServer

/// A HAR file being recorded: valid HAR 1.2 at every moment, whatever stops the recording.
///
/// Each ``append(_:)`` writes the whole archive to a temporary file beside it and renames that
/// over the file, so a reader (or a Ctrl-C, a SIGTERM, a crash) only ever sees the archive
/// before or after an entry, never half of one. Entries are encoded once, so an append costs
/// a write of the file, not a re-encoding of every entry.
///
/// ```swift
/// let recording = try HARFile(path: "api.har")              // an empty, valid archive at once
/// try recording.append(HAREntry(started: Date(), request: request, response: response, timings: timings))
/// ```
final class HARFile: Sendable {
    /// The file's path.
    let path: String
    /// False (the default): secret header and cookie values are replaced by
    /// ``HAREntry/secretMarker`` before anything reaches the disk.
    let keepSecrets: Bool
    /// The start of the document up to the `entries` array: the log's other fields, those of a
    /// new archive (creator, version) or every field of the archive being continued (DevTools'
    /// `pages`, `browser` and `_`-prefixed extras included).
    private let opening: Data
    private let entries: Lock<[Data]>

    /// Starts a recording at `path`, writing an archive with no entries at once. With
    /// `continuing`, an existing archive there is kept as it is, every field of it, and new
    /// entries go after its own (misses appended to a recording being replayed); the file is
    /// only rewritten when the first entry is appended.
    ///
    /// A recording replaces only what it can: nothing, an empty file, or a HAR archive (an
    /// earlier recording). Anything else at `path` (a mistyped path to another file, a FIFO,
    /// a device such as `/dev/null`, which the rename would replace) throws ``Refusal`` and
    /// stays as it was.
    init(path: String, creator: HARCreator = .networkLab, keepSecrets: Bool = false, continuing: Bool = false) throws {
        self.path = path
        self.keepSecrets = keepSecrets
        let existing = try Self.replaceableArchive(at: path)
        if continuing, let data = existing {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  var log = object["log"] as? [String: Any] else {
                throw HARError(source: path, path: "log", problem: "is not a JSON object")
            }
            let existing = (log.removeValue(forKey: "entries") as? [Any]) ?? []
            opening = Self.opening(logFields: try JSONSerialization.data(withJSONObject: log, options: [.sortedKeys, .withoutEscapingSlashes]))
            entries = Lock(try existing.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]) })
            return
        }
        var fields = Data("{\"creator\": ".utf8)
        fields.append(try HARArchive.entryEncoder.encode(creator))
        fields.append(Data(", \"version\": \"1.2\"}".utf8))
        opening = Self.opening(logFields: fields)
        entries = Lock([])
        try entries.withLock { try write($0) }
    }

    /// Adds `entry` (its secrets redacted unless ``keepSecrets``) and replaces the file.
    func append(_ entry: HAREntry) throws {
        let encoded = try HARArchive.entryEncoder.encode(keepSecrets ? entry : entry.redactingSecrets())
        try entries.withLock { entries in
            entries.append(encoded)
            try write(entries)
        }
    }

    /// How many entries the file holds.
    var count: Int { entries.withLock { $0.count } }

    /// Why a recording will not replace what is at its path.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The HAR archive at `path`, nil when there is nothing or an empty file; throws for
    /// anything else.
    private static func replaceableArchive(at path: String) throws(Refusal) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let advice = "record to another path, or remove it first"
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(description: status.st_mode & S_IFMT == S_IFDIR ? "it is a folder; give a file's path" : "it is not a regular file; \(advice)")
        }
        guard status.st_size > 0, let data = FileManager.default.contents(atPath: path) else { return nil }
        guard (try? HARArchive(json: data, source: path)) != nil else {
            throw Refusal(description: "it holds something other than a HAR archive; \(advice)")
        }
        return data
    }

    /// `{"log": {FIELDS, "entries": [` for the log's other fields given as a JSON object.
    private static func opening(logFields: Data) -> Data {
        var fields = logFields
        while let last = fields.popLast(), last != UInt8(ascii: "}") {}
        let empty = !fields.contains { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
        var opening = Data("{\n\"log\": ".utf8)
        opening.append(fields)
        opening.append(Data(((empty ? "" : ",") + "\n\"entries\": [\n").utf8))
        return opening
    }

    private func write(_ entries: [Data]) throws {
        var document = opening
        for (index, entry) in entries.enumerated() {
            if index > 0 { document.append(Data(",\n".utf8)) }
            document.append(entry)
        }
        document.append(Data("\n]\n}\n}\n".utf8))
        // `.atomic` writes a temporary file in the same folder and renames it over `path`.
        try document.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
