/// A scenario file that cannot be used: which file, and what to fix.
struct ScenarioError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "scenario \(path): \(reason)" }
}
