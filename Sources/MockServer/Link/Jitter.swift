import Foundation
import NetworkCore

/// Random variation added to a link's latency, request by request.
///
/// The delay before a response head is `max(0, latency + sample)`, where the sample is drawn
/// from a deterministic draw, so the same seed and request always wait the same time.
public enum Jitter: Sendable, Hashable {
    /// No variation: every request waits exactly the latency.
    case none
    /// A sample uniform in `-amplitude ... +amplitude`.
    case uniform(Duration)
    /// A sample from a normal distribution with mean zero and standard deviation `sigma`.
    case normal(sigma: Duration)

    /// The sample for one request: `draw.unit(0)` (and `unit(1)` for normal jitter) decide it.
    package func sample(_ draw: DeterministicDraw) -> Duration {
        switch self {
        case .none:
            return .zero
        case .uniform(let amplitude):
            return .seconds(amplitude.seconds * (2 * draw.unit(0) - 1))
        case .normal(let sigma):
            // Box-Muller; 1 - unit(0) is in (0, 1], so the logarithm is finite.
            let radius = (-2 * log(1 - draw.unit(0))).squareRoot()
            return .seconds(sigma.seconds * radius * cos(2 * .pi * draw.unit(1)))
        }
    }

    /// The mean of `max(0, latency + sample)` in seconds: what the link model waits.
    ///
    /// Clipping at zero makes the mean larger than `latency` when the jitter can exceed it.
    func meanClippedDelay(latency: Duration) -> Double {
        let mean = latency.seconds
        switch self {
        case .none:
            return max(0, mean)
        case .uniform(let amplitude):
            let spread = abs(amplitude.seconds)
            guard spread > 0, mean < spread else { return max(0, mean) }
            guard mean > -spread else { return 0 }
            // Only the part of the uniform density above zero contributes.
            return (mean + spread) * (mean + spread) / (4 * spread)
        case .normal(let sigma):
            let deviation = abs(sigma.seconds)
            guard deviation > 0 else { return max(0, mean) }
            // E[max(0, X)] for X ~ N(mean, deviation²) = mean·Φ(z) + deviation·φ(z), z = mean/deviation.
            let z = mean / deviation
            let cdf = 0.5 * erfc(-z / 2.0.squareRoot())
            let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            return mean * cdf + deviation * density
        }
    }
}
