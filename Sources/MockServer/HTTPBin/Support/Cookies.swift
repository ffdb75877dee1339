import Foundation
import NetworkCore

/// The `Cookie` request header read, and `Set-Cookie` written, as Werkzeug does for httpbin.
enum Cookies {
    /// The cookies the client sent, by name (the last of a repeated name wins).
    static func parse(_ headers: HeaderFields) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = parts[0].trimmingSpaces
                guard !name.isEmpty else { continue }
                var value = parts.count > 1 ? parts[1].trimmingSpaces : ""
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                cookies[name] = value
            }
        }
        return cookies
    }

    /// A `Set-Cookie` value for the whole site.
    static func set(_ name: String, _ value: String) -> String {
        "\(name)=\(quotedIfNeeded(value)); Path=/"
    }

    /// A `Set-Cookie` value that deletes `name`.
    static func delete(_ name: String) -> String {
        "\(name)=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
    }

    /// Values with characters a cookie-octet cannot hold are sent quoted, with `"` and `\`
    /// escaped, as Werkzeug does.
    private static func quotedIfNeeded(_ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7f && !"\",;\\".unicodeScalars.contains(scalar)
        }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
