/// A header or a query parameter in a HAR file: a name and a value.
public struct HARNameValue: Codable, Sendable, Hashable {
    /// The name as sent.
    public var name: String
    /// The value.
    public var value: String

    /// A pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    private enum CodingKeys: String, CodingKey {
        case name, value
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
    }

    /// HTTP/2 and HTTP/3 pseudo-headers (`:authority`, `:path`, ...) have no HTTP/1.1 form:
    /// replay drops them, and HAR files from browsers are full of them.
    var isPseudoHeader: Bool { name.hasPrefix(":") }
}

extension [HARNameValue] {
    /// These pairs as header fields, in order, pseudo-headers left out.
    public var headerFields: HeaderFields {
        var fields = HeaderFields()
        for pair in self where !pair.isPseudoHeader { fields.add(pair.name, pair.value) }
        return fields
    }

    /// The pairs of `fields`, in order.
    public init(_ fields: HeaderFields) {
        self = fields.map { HARNameValue(name: $0.name, value: $0.value) }
    }
}
