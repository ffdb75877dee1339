/// A range of the deterministic payload that does not exist: the payload starts at offset 0
/// and ends at `Int64.max`, so a negative offset or count, or a range past the end, is refused
/// with this error instead of stopping the process.
public struct PayloadRangeError: Error, Equatable, CustomStringConvertible {
    /// The first byte asked for.
    public var offset: Int64
    /// How many bytes were asked for.
    public var count: Int

    /// The error for the range `offset ..< offset + count`, as the payload's functions throw it.
    public init(offset: Int64, count: Int) {
        self.offset = offset
        self.count = count
    }

    /// What was wrong, in words a user can act on.
    public var description: String {
        if offset < 0 { return "payload offset \(offset) is negative: offsets start at 0" }
        if count < 0 { return "payload byte count \(count) is negative" }
        return "payload range at \(offset) for \(count) bytes runs past the payload's end (Int64.max)"
    }

    /// Throws unless `offset ..< offset + count` lies within the payload.
    static func check(offset: Int64, count: Int) throws(PayloadRangeError) {
        guard offset >= 0, count >= 0, Int64(count) <= Int64.max - offset else {
            throw PayloadRangeError(offset: offset, count: count)
        }
    }
}
