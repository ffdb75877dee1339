import NetworkCore

/// Successive values of one ``DeterministicDraw``: the seeded randomness of a generated test
/// case, reproducible from the seed and the case's key alone.
struct DrawSequence {
    private let draw: DeterministicDraw
    private var index: UInt64 = 0

    init(seed: UInt64, key: String) {
        draw = DeterministicDraw(seed: seed, key: key)
    }

    /// A value uniform in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        defer { index += 1 }
        return Int(draw.below(UInt64(bound), index))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        defer { index += 1 }
        return draw.unit(index) < probability
    }

    /// A random byte.
    mutating func byte() -> UInt8 {
        UInt8(below(256))
    }

    /// One of `choices` (not empty).
    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }
}
