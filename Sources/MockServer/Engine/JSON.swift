import Foundation

/// JSON for the control endpoints: Foundation's serializer, keys sorted so output is stable.
enum JSON {
    static func encode(_ object: Any) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) else {
            return Array("{}".utf8)
        }
        return Array(data) + [0x0A]
    }

    /// Parses a request body, or explains in one line why it is not JSON.
    static func decode(_ bytes: [UInt8]) -> Result<Any, JSONBodyError> {
        guard !bytes.isEmpty else { return .failure(JSONBodyError(message: "the body is empty: send a JSON object")) }
        do {
            return .success(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
        } catch {
            return .failure(JSONBodyError(message: "the body is not valid JSON"))
        }
    }
}

struct JSONBodyError: Error {
    var message: String
}
