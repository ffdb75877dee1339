/// Reproducible pseudo-random numbers keyed by a seed and a string.
///
/// Every random decision the lab makes (a fault that fires or not, a jitter sample, the
/// positions of corrupted bytes, retry backoff) is a pure function of `(seed, key, index)`,
/// so the same seed gives the same decisions in every process, on every machine, whatever
/// the order in which concurrent requests arrive. Typical keys name the decision and the
/// request: `"fault GET /bytes/1MB?fault=reset#3"`.
package struct DeterministicDraw: Sendable, Hashable {
    private let state: UInt64

    /// Draws for `key` under `seed`.
    package init(seed: UInt64, key: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a offset basis
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        state = Self.mix(Self.mix(seed) ^ hash)
    }

    /// The `index`-th 64-bit value of this draw.
    package func value(_ index: UInt64 = 0) -> UInt64 {
        Self.mix(state &+ (index &+ 1) &* 0x9e37_79b9_7f4a_7c15)
    }

    /// The `index`-th value of this draw, uniform in `[0, 1)`.
    package func unit(_ index: UInt64 = 0) -> Double {
        Double(value(index) >> 11) * 0x1p-53
    }

    /// The `index`-th value of this draw, uniform in `0..<bound` (`bound` > 0).
    package func below(_ bound: UInt64, _ index: UInt64 = 0) -> UInt64 {
        value(index).multipliedFullWidth(by: bound).high
    }

    /// SplitMix64's finalizer: a bijective mix with full avalanche.
    package static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
