/// The root object of a HAR file: the format's version, who wrote it, and one entry per
/// request. Pages and browser information are not kept (replay and the journal have none).
public struct HARLog: Codable, Sendable, Hashable {
    /// The format version; `"1.2"` when written here.
    public var version: String
    /// The application that wrote the file.
    public var creator: HARCreator
    /// The requests, oldest first.
    public var entries: [HAREntry]

    /// A HAR 1.2 log.
    public init(version: String = "1.2", creator: HARCreator = .networkLab, entries: [HAREntry] = []) {
        self.version = version
        self.creator = creator
        self.entries = entries
    }

    private enum CodingKeys: String, CodingKey {
        case version, creator, entries
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // `entries` is what replay needs; a missing version or creator is a sloppy exporter.
        entries = try container.decode([HAREntry].self, forKey: .entries)
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? "1.2"
        creator = try container.decodeIfPresent(HARCreator.self, forKey: .creator) ?? HARCreator(name: "unknown", version: "")
    }
}
