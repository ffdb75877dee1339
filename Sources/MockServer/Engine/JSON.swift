import Foundation

/// JSON for the control endpoints: Foundation's serializer, keys sorted so output is stable.
package enum JSON {
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
            return .failure(JSONBodyError(message: "the body is not valid JSON" + reason(error)))
        }
    }

    /// `": "` and why Foundation refused a body (`: Unexpected end of file during JSON parse`),
    /// or nothing when it does not say. A number beyond what a Double holds (`1e400`) fits
    /// JSON's grammar, so "not valid" alone would send the user looking for a syntax error: it
    /// reads `: the number 1e400 is out of range`.
    package static func reason(_ error: any Error) -> String {
        guard let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !detail.isEmpty else { return "" }
        if detail.hasPrefix("Number "), detail.hasSuffix(" is not representable in Swift.") {
            let number = detail.dropFirst(7).dropLast(31)
            return ": the number \(number) is out of range"
        }
        return ": " + (detail.hasSuffix(".") ? String(detail.dropLast()) : detail)
    }
}

struct JSONBodyError: Error {
    var message: String
}
