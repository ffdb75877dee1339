/// Why a benchmark could not finish its measurements: a server that did not start, a
/// download that failed, a client process that died. A missed target is not an error: it is
/// a result, reported as such.
package struct BenchError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }
}
