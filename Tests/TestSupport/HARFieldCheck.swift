import Foundation

/// Checks a HAR document against the HAR 1.2 field list, independently of the project's own
/// HAR types: every HAR the project writes (recordings, `/_lab/journal.har`) goes through it in
/// a test, so a field that the spec requires and a writer forgets is caught.
///
/// ```swift
/// #expect(HARFieldCheck.problems(in: data) == [])
/// ```
package enum HARFieldCheck {
    /// What is wrong with `data` as HAR 1.2, one line per problem; empty when it is valid.
    package static func problems(in data: Data) -> [String] {
        var check = Check()
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ["not a JSON object"]
        }
        check.fields(root, "", required: ["log"], optional: [])
        guard let log = root["log"] as? [String: Any] else { return check.problems + ["log: not an object"] }
        check.fields(log, "log", required: ["version", "creator", "entries"], optional: ["browser", "pages", "comment"])
        if log["version"] as? String != "1.2" { check.problems.append("log.version: \(log["version"] ?? "nil") is not \"1.2\"") }
        if let creator = check.object(log, "creator", "log") {
            check.fields(creator, "log.creator", required: ["name", "version"], optional: ["comment"])
            check.strings(creator, "log.creator", ["name", "version"])
        }
        guard let entries = log["entries"] as? [[String: Any]] else { return check.problems + ["log.entries: not an array of objects"] }
        for (index, entry) in entries.enumerated() { check.entry(entry, "log.entries[\(index)]") }
        return check.problems
    }

    private struct Check {
        var problems: [String] = []

        mutating func entry(_ entry: [String: Any], _ path: String) {
            fields(entry, path, required: ["startedDateTime", "time", "request", "response", "cache", "timings"],
                   optional: ["pageref", "serverIPAddress", "connection", "comment"])
            if let started = entry["startedDateTime"] as? String {
                let pattern = #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"#
                if started.range(of: pattern, options: .regularExpression) == nil {
                    problems.append("\(path).startedDateTime: \"\(started)\" is not ISO 8601")
                }
            } else {
                problems.append("\(path).startedDateTime: not a string")
            }
            let time = number(entry, "time", path)
            if let request = object(entry, "request", path) { self.request(request, path + ".request") }
            if let response = object(entry, "response", path) { self.response(response, path + ".response") }
            _ = object(entry, "cache", path)
            if let timings = object(entry, "timings", path) {
                let timingsPath = path + ".timings"
                fields(timings, timingsPath, required: ["send", "wait", "receive"], optional: ["blocked", "dns", "connect", "ssl", "comment"])
                var sum = 0.0
                for key in ["send", "wait", "receive"] {
                    if let value = number(timings, key, timingsPath) {
                        if value < 0 { problems.append("\(timingsPath).\(key): \(value) is negative") }
                        sum += max(0, value)
                    }
                }
                for key in ["blocked", "dns", "connect"] where timings[key] != nil {
                    if let value = number(timings, key, timingsPath) {
                        if value < 0 && value != -1 { problems.append("\(timingsPath).\(key): \(value) is neither -1 nor positive") }
                        sum += max(0, value)
                    }
                }
                if let time, abs(time - sum) > 0.01 {
                    problems.append("\(path).time: \(time) is not the sum of its timings (\(sum))")
                }
            }
        }

        mutating func request(_ request: [String: Any], _ path: String) {
            fields(request, path, required: ["method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"],
                   optional: ["postData", "comment"])
            strings(request, path, ["method", "url", "httpVersion"])
            if let url = request["url"] as? String, !url.contains("://") { problems.append("\(path).url: \"\(url)\" is not absolute") }
            cookies(request, path)
            pairs(request, "headers", path)
            pairs(request, "queryString", path)
            _ = number(request, "headersSize", path)
            _ = number(request, "bodySize", path)
            if request["postData"] != nil, let postData = object(request, "postData", path) {
                fields(postData, path + ".postData", required: ["mimeType"], optional: ["text", "params", "comment"])
                strings(postData, path + ".postData", ["mimeType"])
                if postData["text"] == nil && postData["params"] == nil {
                    problems.append("\(path).postData: neither text nor params")
                }
            }
        }

        mutating func response(_ response: [String: Any], _ path: String) {
            fields(response, path, required: ["status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"],
                   optional: ["comment"])
            _ = number(response, "status", path)
            strings(response, path, ["statusText", "httpVersion", "redirectURL"])
            cookies(response, path)
            pairs(response, "headers", path)
            _ = number(response, "headersSize", path)
            _ = number(response, "bodySize", path)
            guard let content = object(response, "content", path) else { return }
            let contentPath = path + ".content"
            fields(content, contentPath, required: ["size", "mimeType"], optional: ["compression", "text", "encoding", "comment"])
            _ = number(content, "size", contentPath)
            strings(content, contentPath, ["mimeType"])
            if let encoding = content["encoding"] {
                if encoding as? String != "base64" { problems.append("\(contentPath).encoding: \(encoding) is not \"base64\"") }
                if let text = content["text"] as? String, Data(base64Encoded: text) == nil {
                    problems.append("\(contentPath).text: not base64")
                }
            }
        }

        mutating func cookies(_ object: [String: Any], _ path: String) {
            guard let cookies = object["cookies"] as? [[String: Any]] else {
                problems.append("\(path).cookies: not an array of objects")
                return
            }
            for (index, cookie) in cookies.enumerated() {
                fields(cookie, "\(path).cookies[\(index)]", required: ["name", "value"],
                       optional: ["path", "domain", "expires", "httpOnly", "secure", "comment"])
                strings(cookie, "\(path).cookies[\(index)]", ["name", "value"])
            }
        }

        mutating func pairs(_ object: [String: Any], _ key: String, _ path: String) {
            guard let pairs = object[key] as? [[String: Any]] else {
                problems.append("\(path).\(key): not an array of objects")
                return
            }
            for (index, pair) in pairs.enumerated() {
                fields(pair, "\(path).\(key)[\(index)]", required: ["name", "value"], optional: ["comment"])
                strings(pair, "\(path).\(key)[\(index)]", ["name", "value"])
            }
        }

        /// Required fields present; no field outside the spec except `_`-prefixed custom ones.
        mutating func fields(_ object: [String: Any], _ path: String, required: [String], optional: [String]) {
            for key in required where object[key] == nil { problems.append("\(path.isEmpty ? "" : path + ".")\(key): missing") }
            for key in object.keys where !key.hasPrefix("_") && !required.contains(key) && !optional.contains(key) {
                problems.append("\(path.isEmpty ? "" : path + ".")\(key): not a HAR 1.2 field")
            }
        }

        mutating func strings(_ object: [String: Any], _ path: String, _ keys: [String]) {
            for key in keys where object[key] != nil && !(object[key] is String) { problems.append("\(path).\(key): not a string") }
        }

        mutating func number(_ object: [String: Any], _ key: String, _ path: String) -> Double? {
            guard let value = object[key] as? NSNumber else {
                if object[key] != nil { problems.append("\(path).\(key): not a number") }
                return nil
            }
            return value.doubleValue
        }

        mutating func object(_ object: [String: Any], _ key: String, _ path: String) -> [String: Any]? {
            guard let value = object[key] as? [String: Any] else {
                if object[key] != nil { problems.append("\(path).\(key): not an object") }
                return nil
            }
            return value
        }
    }
}
