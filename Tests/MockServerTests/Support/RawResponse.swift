import Foundation
import NetworkCore
import Testing

/// One response as it came off the wire: status, headers and body bytes exactly as sent.
struct RawResponse: Sendable {
    var status: Int
    var headers: HeaderFields
    var body: [UInt8]

    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The header `name` (case-insensitive), if sent.
    subscript(name: String) -> String? { headers[name] }

    /// The body parsed as a JSON object.
    func jsonObject() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body))
        return try #require(object as? [String: Any], "not a JSON object: \(text)")
    }
}
