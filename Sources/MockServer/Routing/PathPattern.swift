/// A path pattern, for built-in endpoints (matched against the raw, still percent-encoded
/// path) and routes (against the decoded path): literal segments, `{name}` segments that
/// capture one segment (possibly empty), a final `{name*}` that captures the rest of the path,
/// slashes included (possibly empty, but the slash before it must be there:
/// `/fixtures/{path*}` does not match `/fixtures`), and a final bare `*` that takes any rest
/// uncaptured, or none (`/files/*` matches `/files`; `*` alone, every path).
struct PathPattern: Sendable, CustomStringConvertible {
    private enum Segment: Sendable {
        case literal(Substring)
        case capture(String)
        case rest(String)
        case anyRest
    }

    private let segments: [Segment]
    /// The pattern as the index page shows it (`/fixtures/{path}`).
    let description: String
    /// Why the pattern cannot match as its author meant, if so: a segment that looks like a
    /// parameter but is not one (`:id`, `{id}.json`), or a `{name*}` before the last segment.
    /// Such a segment matches only itself; a route's `validate` refuses it.
    let problem: String?

    init(_ pattern: String) {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        var problem: String?
        segments = parts.enumerated().map { index, segment in
            let last = index == parts.count - 1
            if segment == "*" && last { return .anyRest }
            let name = segment.dropFirst().dropLast()
            guard segment.hasPrefix("{"), segment.hasSuffix("}"), !name.isEmpty, !name.contains("{"), !name.contains("}") else {
                problem = problem ?? Self.problem(literal: segment)
                return .literal(segment)
            }
            guard name.hasSuffix("*") else { return .capture(String(name)) }
            if !last { problem = problem ?? "\(segment) captures the rest of the path, so it must be the last segment" }
            return .rest(String(name.dropLast()))
        }
        self.problem = problem
        description = parts.map { $0.hasSuffix("*}") ? $0.dropLast(2) + "}" : $0 }.joined(separator: "/")
    }

    /// What is wrong with a literal segment that was meant as a parameter, if it was.
    private static func problem(literal segment: Substring) -> String? {
        if segment.hasPrefix(":"), segment.count > 1 {
            return "a parameter is written {\(segment.dropFirst())}: \(segment) would match only itself"
        }
        if segment.contains("{") || segment.contains("}") { return "\(segment): a parameter is a whole segment, {name}" }
        return nil
    }

    /// The captured segments when `path` matches, else nil. Walks the path in place: a
    /// request is matched against every built-in pattern, so a miss must not allocate.
    func match(_ path: String) -> [String: String]? {
        // What is left of the path after the segments matched so far; nil once none is left.
        var remaining: Substring? = path[...]
        var captured: [String: String] = [:]
        for segment in segments {
            if case .anyRest = segment { return captured }
            guard let rest = remaining else { return nil }
            if case .rest(let name) = segment {
                captured[name] = String(rest)
                return captured
            }
            let part: Substring
            if let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")) {
                part = rest[..<slash]
                remaining = rest[rest.utf8.index(after: slash)...]
            } else {
                part = rest
                remaining = nil
            }
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .capture(let name):
                captured[name] = String(part)
            case .rest, .anyRest:
                break
            }
        }
        return remaining == nil ? captured : nil
    }
}
