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
    private let creator: HARCreator
    private let entries: Lock<[Data]>

    /// Starts a recording at `path`, writing an archive with no entries at once. With
    /// `continuing`, an existing archive there is read and its entries kept (for misses
    /// appended to a recording being replayed).
    init(path: String, creator: HARCreator = .networkLab, keepSecrets: Bool = false, continuing: Bool = false) throws {
        self.path = path
        self.keepSecrets = keepSecrets
        self.creator = creator
        var existing: [Data] = []
        if continuing, FileManager.default.fileExists(atPath: path) {
            let archive = try HARArchive(json: Data(contentsOf: URL(fileURLWithPath: path)), source: path)
            existing = try archive.log.entries.map { try HARArchive.entryEncoder.encode($0) }
        }
        entries = Lock(existing)
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

    private func write(_ entries: [Data]) throws {
        var document = Data("{\n\"log\": {\n\"creator\": ".utf8)
        document.append(try HARArchive.entryEncoder.encode(creator))
        document.append(Data(",\n\"entries\": [\n".utf8))
        for (index, entry) in entries.enumerated() {
            if index > 0 { document.append(Data(",\n".utf8)) }
            document.append(entry)
        }
        document.append(Data("\n],\n\"version\": \"1.2\"\n}\n}\n".utf8))
        // `.atomic` writes a temporary file in the same folder and renames it over `path`.
        try document.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
