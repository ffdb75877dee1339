/// A request body in a HAR file (`request.postData`): its media type and its text, or the
/// form parameters an exporter parsed out of it.
public struct HARPostData: Codable, Sendable, Hashable {
    /// The request's `Content-Type`.
    public var mimeType: String
    /// The body as text (exporters, this one included, write a binary body lossily).
    public var text: String?
    /// Form parameters, when the exporter gave those instead of `text`.
    public var params: [Param]?

    /// One posted form parameter.
    public struct Param: Codable, Sendable, Hashable {
        /// The parameter's name.
        public var name: String
        /// Its value (or a posted file's content).
        public var value: String?
        /// A posted file's name.
        public var fileName: String?
        /// A posted file's media type.
        public var contentType: String?

        /// A parameter.
        public init(name: String, value: String? = nil, fileName: String? = nil, contentType: String? = nil) {
            self.name = name
            self.value = value
            self.fileName = fileName
            self.contentType = contentType
        }
    }

    /// A body given as text.
    public init(mimeType: String, text: String) {
        self.mimeType = mimeType
        self.text = text
        params = nil
    }

    private enum CodingKeys: String, CodingKey {
        case mimeType, text, params
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType) ?? ""
        text = try container.decodeIfPresent(String.self, forKey: .text)
        params = try container.decodeIfPresent([Param].self, forKey: .params)
    }

    /// The body's bytes as replay compares them: the text, else the parameters form-encoded.
    var bytes: [UInt8] {
        if let text { return Array(text.utf8) }
        let pairs = (params ?? []).map { "\(Self.formEncoded($0.name))=\(Self.formEncoded($0.value ?? ""))" }
        return Array(pairs.joined(separator: "&").utf8)
    }

    private static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
