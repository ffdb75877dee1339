/// The `Content-Range` of a 206 response: `bytes FIRST-LAST/LENGTH` (LENGTH may be `*`).
struct ContentRange: Hashable {
    /// The offset of the first byte sent.
    var first: Int64
    /// The offset of the last byte sent.
    var last: Int64
    /// The length of the whole resource, when announced.
    var completeLength: Int64?

    /// Parses `field`; nil unless it is a satisfied byte range.
    init?(_ field: String) {
        let trimmed = field.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = trimmed.dropFirst(6).split(separator: "/", maxSplits: 1)
        guard spec.count == 2 else { return nil }
        let bounds = spec[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, first <= last else { return nil }
        let length = spec[1].trimmingSuffix(" ")
        if length == "*" {
            completeLength = nil
        } else {
            guard let complete = Int64(length), complete > last else { return nil }
            completeLength = complete
        }
        self.first = first
        self.last = last
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ character: Character) -> Substring {
        var result = self
        while result.last == character { result = result.dropLast() }
        return result
    }
}
