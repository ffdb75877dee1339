/// A HAR file that cannot be used: which file, where in it, and what is wrong, in one line
/// (`lab serve --replay` prints it and exits 2 before serving anything).
public struct HARError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or other source) the document came from.
    public var source: String
    /// Where in the document, as a JSON path (`log.entries[3].request`); empty for the whole.
    public var path: String
    /// What is wrong there.
    public var problem: String

    /// An error at `path` of `source`.
    public init(source: String, path: String, problem: String) {
        self.source = source
        self.path = path
        self.problem = problem
    }

    /// One line: `file: path: problem`.
    public var description: String {
        path.isEmpty ? "\(source): \(problem)" : "\(source): \(path): \(problem)"
    }

    /// Translates what the JSON decoder says into the HAR's own terms.
    init(source: String, decoding error: DecodingError) {
        func jsonPath(_ codingPath: [any CodingKey]) -> String {
            var path = ""
            for key in codingPath {
                if let index = key.intValue { path += "[\(index)]" } else { path += (path.isEmpty ? "" : ".") + key.stringValue }
            }
            return path
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(source: source, path: "", problem: "is not JSON (a truncated file, or not a HAR file at all); a HAR file is {\"log\": {\"entries\": [...]}}")
        case .dataCorrupted(let context):
            self.init(source: source, path: jsonPath(context.codingPath), problem: context.debugDescription)
        case .keyNotFound(let key, let context):
            let hint = context.codingPath.isEmpty ? " (not a HAR file: a HAR file is {\"log\": {\"entries\": [...]}})" : ""
            self.init(source: source, path: jsonPath(context.codingPath), problem: "\"\(key.stringValue)\" is missing\(hint)")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            self.init(source: source, path: jsonPath(context.codingPath), problem: "expected \(Self.describe(type))")
        @unknown default:
            self.init(source: source, path: "", problem: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
