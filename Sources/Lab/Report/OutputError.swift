/// Results that could not be written: where, why, and what to do.
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "cannot write results to \(path): \(reason); choose another folder with --out DIR" }
}
