import Testing
import NetworkCore
@testable import MockServer

@Suite struct JitterTests {
    private func draws(_ count: Int) -> [DeterministicDraw] {
        (0..<count).map { DeterministicDraw(seed: 42, key: "GET /bytes/1KB#\($0)") }
    }

    @Test func sample_isTheSame_forTheSameSeedAndRequest() {
        let jitter = Jitter.normal(sigma: .milliseconds(20))
        let draw = DeterministicDraw(seed: 7, key: "GET /bytes/1MB#3")
        #expect(jitter.sample(draw) == jitter.sample(DeterministicDraw(seed: 7, key: "GET /bytes/1MB#3")))
        #expect(Jitter.none.sample(draw) == .zero)
    }

    @Test func uniform_staysWithinAmplitude_andCentresOnZero() {
        let samples = draws(20_000).map { Jitter.uniform(.milliseconds(20)).sample($0).seconds }
        #expect(samples.allSatisfy { abs($0) <= 0.020 })
        let mean: Double = samples.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.0005)
        #expect(samples.contains { $0 > 0.019 } && samples.contains { $0 < -0.019 })
    }

    @Test func normal_hasSigmaAsStandardDeviation() {
        let samples = draws(20_000).map { Jitter.normal(sigma: .milliseconds(20)).sample($0).seconds }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.0005)
        #expect(abs(variance.squareRoot() - 0.020) < 0.0005)
    }

    @Test func meanClippedDelay_isLatency_whenJitterCannotReachZero() {
        #expect(Jitter.none.meanClippedDelay(latency: .milliseconds(50)) == 0.05)
        #expect(abs(Jitter.uniform(.milliseconds(20)).meanClippedDelay(latency: .milliseconds(50)) - 0.05) < 1e-15)
    }

    @Test func meanClippedDelay_isExact_forUniformClippedAtZero() {
        // Uniform on [-10 ms, 30 ms]: only [0, 30 ms] counts, (30 ms)² / (4 · 20 ms) = 11.25 ms.
        let jitter = Jitter.uniform(.milliseconds(20))
        #expect(abs(jitter.meanClippedDelay(latency: .milliseconds(10)) - 0.01125) < 1e-12)
        #expect(jitter.meanClippedDelay(latency: .milliseconds(-30)) == 0)
        let simulated = draws(40_000).map { max(0, 0.010 + jitter.sample($0).seconds) }.reduce(0, +) / 40_000
        #expect(abs(simulated - 0.01125) < 0.0002)
    }

    @Test func meanClippedDelay_isExact_forNormalClippedAtZero() {
        let jitter = Jitter.normal(sigma: .milliseconds(20))
        // At zero latency the mean of max(0, X) is σ / √(2π).
        #expect(abs(jitter.meanClippedDelay(latency: .zero) - 0.020 / (2 * Double.pi).squareRoot()) < 1e-12)
        let simulated = draws(40_000).map { max(0, 0.010 + jitter.sample($0).seconds) }.reduce(0, +) / 40_000
        #expect(abs(simulated - jitter.meanClippedDelay(latency: .milliseconds(10))) < 0.0003)
    }
}
