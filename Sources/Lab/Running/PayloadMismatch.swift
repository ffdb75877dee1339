/// A downloaded byte that is not the payload's.
struct PayloadMismatch: Error, CustomStringConvertible {
    /// Its offset in the body.
    var offset: Int64

    var description: String { "byte \(offset) differs from the payload: the body was corrupted" }
}
