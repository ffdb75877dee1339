import Foundation

extension Array where Element == UInt8 {
    /// `count` bytes made of `period` over and over (the last copy cut short): the test peers'
    /// deterministic bodies, built by copying instead of computing each byte (a per-byte `map`
    /// over 16 MiB takes seconds in a debug build).
    package static func cycling(_ period: [UInt8], count: Int) -> [UInt8] {
        guard !period.isEmpty else { return [] }
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count { bytes.append(contentsOf: period.prefix(count - bytes.count)) }
        return bytes
    }

    /// How many positions hold different bytes in `self` and `other` (over their common
    /// length): blocks compared with `memcmp` first, so a corrupted multi-megabyte body is
    /// checked in milliseconds even in a debug build.
    package func differingBytes(from other: [UInt8]) -> Int {
        let length = Swift.min(count, other.count), block = 4096
        return withUnsafeBytes { mine in
            other.withUnsafeBytes { theirs in
                var differing = 0
                for start in stride(from: 0, to: length, by: block) {
                    let end = Swift.min(start + block, length)
                    guard memcmp(mine.baseAddress! + start, theirs.baseAddress! + start, end - start) != 0 else { continue }
                    differing += (start..<end).count { mine[$0] != theirs[$0] }
                }
                return differing
            }
        }
    }
}
