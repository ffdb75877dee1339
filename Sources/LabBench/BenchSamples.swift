/// Repeated measurements of one figure, summarized robustly: on a shared, noisy machine the
/// median of several rounds says more than any single one.
struct BenchSamples: Sendable {
    /// The values in the order measured.
    var values: [Double] = []

    init(_ values: [Double] = []) {
        self.values = values
    }

    mutating func append(_ value: Double) {
        values.append(value)
    }

    /// The middle value (the mean of the two middle ones for an even count); NaN when empty.
    var median: Double { percentile(0.5) }

    /// The largest value; NaN when empty.
    var max: Double { values.max() ?? .nan }

    /// The smallest value; NaN when empty.
    var min: Double { values.min() ?? .nan }

    /// The value below which a fraction `p` (0...1) of the values lie, interpolating between
    /// neighbours; NaN when empty.
    func percentile(_ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
