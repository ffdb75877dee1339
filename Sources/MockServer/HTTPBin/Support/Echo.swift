import Foundation
import NetworkCore

/// What httpbin's echo endpoints report about a request: its `url`, `args`, `form`, `data`,
/// `origin`, `headers`, `files`, `json` and `method`, shaped as httpbin 0.10 shapes them.
struct Echo {
    /// The keys an endpoint reports.
    enum Key: String {
        case url, args, form, data, origin, headers, files, json, method
    }

    let request: MockServer.Request

    /// The JSON object with `keys`.
    func object(_ keys: [Key]) -> [String: Any] {
        var object: [String: Any] = [:]
        let form = FormBody(body: request.body, contentType: request.headers["Content-Type"])
        for key in keys {
            switch key {
            case .url: object["url"] = request.absoluteURL(request.target)
            case .args: object["args"] = Self.semiflatten(request.query)
            case .form: object["form"] = Self.semiflatten(form?.fields ?? [])
            case .data: object["data"] = form == nil ? Self.jsonSafe(request.body, type: "application/octet-stream") : ""
            case .origin: object["origin"] = origin
            case .headers: object["headers"] = headers
            case .files:
                object["files"] = Self.semiflatten(form?.files.map { ($0.name, Self.jsonSafe($0.content, type: $0.type)) } ?? [])
            case .json:
                object["json"] = form == nil ? ((try? JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed])) ?? NSNull()) : NSNull()
            case .method: object["method"] = request.method.rawValue
            }
        }
        return object
    }

    /// The client's address, or what a proxy in front said it was.
    var origin: String {
        request.headers["X-Forwarded-For"] ?? request.clientAddress
    }

    /// The request headers by title-cased name (`User-Agent`), as a WSGI server presents
    /// them; repeated fields joined with commas. The headers a hosting proxy adds are hidden
    /// unless `show_env` is in the query, as httpbin hides them.
    var headers: [String: String] {
        let showEnvironment = request.query("show_env") != nil
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let title = Self.titleCased(name)
            if !showEnvironment, Self.environmentHeaders.contains(title) { continue }
            headers[title] = headers[title].map { "\($0),\(value)" } ?? value
        }
        return headers
    }

    /// Headers that httpbin attributes to its hosting (Heroku, a proxy) and hides.
    static let environmentHeaders: Set<String> = [
        "X-Varnish", "X-Request-Start", "X-Heroku-Queue-Depth", "X-Real-Ip", "X-Forwarded-Proto",
        "X-Forwarded-Protocol", "X-Forwarded-Ssl", "X-Heroku-Queue-Wait-Time", "X-Forwarded-For",
        "X-Heroku-Dynos-In-Use", "X-Forwarded-Port", "X-Request-Id", "Via", "Total-Route-Time", "Connect-Time",
    ]

    /// `x-my-header` as `X-My-Header`: each letter upper-case after a non-letter, else lower-case.
    static func titleCased(_ name: String) -> String {
        var result = ""
        var afterLetter = false
        for character in name {
            result += afterLetter ? character.lowercased() : character.uppercased()
            afterLetter = character.isLetter
        }
        return result
    }

    /// One value per name as a string, a repeated name as a list, as httpbin's `semiflatten`.
    static func semiflatten(_ items: [(name: String, value: String)]) -> [String: Any] {
        var grouped: [String: [String]] = [:]
        for (name, value) in items { grouped[name, default: []].append(value) }
        return grouped.mapValues { $0.count == 1 ? $0[0] as Any : $0 as Any }
    }

    /// UTF-8 text as itself, anything else as a `data:` URL, as httpbin's `json_safe`.
    static func jsonSafe(_ bytes: [UInt8], type: String) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return "data:\(type);base64,\(Data(bytes).base64EncodedString())"
    }
}
