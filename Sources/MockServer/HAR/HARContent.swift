import Foundation

/// A response body in a HAR file (`response.content`): its size, media type and bytes, as
/// text or, for bodies that are not UTF-8, base64 with `encoding: "base64"`.
///
/// HAR stores bodies decoded (decompressed, unchunked), whatever `Content-Encoding` the
/// response headers name.
public struct HARContent: Codable, Sendable, Hashable {
    /// The decoded body's length in bytes.
    public var size: Int
    /// Bytes saved by compression, when known.
    public var compression: Int?
    /// The response's `Content-Type` (empty when it had none).
    public var mimeType: String
    /// The body: UTF-8 text, or base64 when ``encoding`` says so; nil when the exporter left
    /// it out (replay then sends an empty body).
    public var text: String?
    /// `"base64"` when ``text`` is base64; nil for plain text.
    public var encoding: String?

    /// The content of a body: UTF-8 text as is, anything else as base64.
    public init(body: [UInt8], mimeType: String) {
        size = body.count
        self.mimeType = mimeType
        if let text = String(validating: body, as: UTF8.self) {
            self.text = text
        } else {
            text = Data(body).base64EncodedString()
            encoding = "base64"
        }
    }

    /// Content with only a size and type: bodies the journal does not keep (`/bytes`, fixtures).
    public init(size: Int, mimeType: String) {
        self.size = size
        self.mimeType = mimeType
    }

    private enum CodingKeys: String, CodingKey {
        case size, compression, mimeType, text, encoding
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        size = try container.lenientInt(.size) ?? -1
        compression = try container.lenientInt(.compression)
        mimeType = try container.decodeIfPresent(String.self, forKey: .mimeType) ?? ""
        text = try container.decodeIfPresent(String.self, forKey: .text)
        encoding = try container.decodeIfPresent(String.self, forKey: .encoding)
        if encoding?.lowercased() == "base64", let text, Data(base64Encoded: text, options: .ignoreUnknownCharacters) == nil {
            throw DecodingError.dataCorruptedError(forKey: .text, in: container, debugDescription: "encoding is base64 but text is not base64")
        }
    }

    /// The body's bytes: the text decoded from base64 when so encoded; empty without a text.
    public var bytes: [UInt8] {
        guard let text else { return [] }
        if encoding?.lowercased() == "base64" {
            return Data(base64Encoded: text, options: .ignoreUnknownCharacters).map(Array.init) ?? []
        }
        return Array(text.utf8)
    }
}

extension KeyedDecodingContainer {
    /// A whole number that some exporters write as `12.0`; nil when absent or null.
    func lenientInt(_ key: Key) throws -> Int? {
        if let value = try? decodeIfPresent(Int.self, forKey: key) { return value }
        guard let double = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard double.isFinite, abs(double) < 1e15 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(double) is not a size")
        }
        return Int(double)
    }
}
