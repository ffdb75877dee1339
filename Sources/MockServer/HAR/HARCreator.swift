/// The application that wrote a HAR file (`log.creator`).
public struct HARCreator: Codable, Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its version.
    public var version: String

    /// A creator.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// NetworkLab, as the files it writes name it (the version of the HAR support, bumped
    /// when what is written changes).
    public static let networkLab = HARCreator(name: "NetworkLab", version: "1.0")

    private enum CodingKeys: String, CodingKey {
        case name, version
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
    }
}
