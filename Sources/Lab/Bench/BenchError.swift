/// Why a benchmark could not finish its measurements: a server that did not start, a
/// download that failed, a client process that died. A missed target is not an error: it is
/// a result, reported as such.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
