import Foundation

/// A linear axis from `lower` to a round `upper`, with round tick values: what a reader
/// expects to see on a chart's value axis.
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]

    /// An axis covering `lower ... maximum` with about `count` ticks at 1, 2 or 5 × 10^k steps.
    init(lower: Double = 0, maximum: Double, count: Int = 5) {
        let span = max(maximum - lower, 1e-9)
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let top = lower + (span / step).rounded(.up) * step
        self.lower = lower
        self.upper = top
        self.ticks = stride(from: lower, through: top + step / 2, by: step).map { ($0 / step).rounded() * step }
    }

    /// Where `value` falls along an axis `length` long: 0 at `lower`, `length` at `upper`.
    func position(_ value: Double, length: Double) -> Double {
        (value - lower) / (upper - lower) * length
    }

    /// A tick's label: as few decimals as the step needs.
    func label(_ value: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = max(0, Int(-floor(log10(step)).rounded()))
        return String(format: "%.\(decimals)f", value)
    }
}
