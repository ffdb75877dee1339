/// A built-in endpoint's path pattern, matched against the raw (still percent-encoded) path:
/// literal segments, `{name}` segments that capture one segment (possibly empty), and a final
/// `{name*}` that captures the rest of the path, slashes included (possibly empty, but the
/// slash before it must be there: `/fixtures/{path*}` does not match `/fixtures`).
struct PathPattern: Sendable, CustomStringConvertible {
    private enum Segment: Sendable {
        case literal(Substring)
        case capture(String)
        case rest(String)
    }

    private let segments: [Segment]
    /// The pattern as the index page shows it (`/fixtures/{path}`).
    let description: String

    init(_ pattern: String) {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        segments = parts.map { segment in
            guard segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 else { return .literal(segment) }
            let name = segment.dropFirst().dropLast()
            return name.hasSuffix("*") ? .rest(String(name.dropLast())) : .capture(String(name))
        }
        description = parts.map { $0.hasSuffix("*}") ? $0.dropLast(2) + "}" : $0 }.joined(separator: "/")
    }

    /// The captured segments when `path` matches, else nil.
    func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var captured: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            guard index < parts.count else { return nil }
            switch segment {
            case .literal(let literal):
                guard parts[index] == literal else { return nil }
            case .capture(let name):
                captured[name] = String(parts[index])
            case .rest(let name):
                captured[name] = parts[index...].joined(separator: "/")
                return captured
            }
        }
        return parts.count == segments.count ? captured : nil
    }
}
