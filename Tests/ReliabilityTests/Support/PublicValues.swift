import Foundation
import MockServer
import NetworkLabClient

/// Seeded random values for every public configuration type, mixing edge values (zero,
/// negative, huge, NaN, the bounds and one past them) with ordinary ones. The same seed gives
/// the same values; `NETWORKLAB_VALUES_SEED=N` explores others.
struct PublicValues {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["NETWORKLAB_VALUES_SEED"].flatMap(UInt64.init) ?? 14

    private var state: UInt64

    init(seed: UInt64 = PublicValues.seed) {
        state = seed
    }

    /// SplitMix64: small, fast and the same everywhere.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    // MARK: Scalars

    mutating func double() -> Double {
        pick([0, -0.0, -1, -3, 1e-300, 0.5, 0.999, 1, 1.0000001, 2, 1e300, .nan, .infinity, -.infinity,
              .greatestFiniteMagnitude, .leastNonzeroMagnitude, Double(next() % 1000) / 997])
    }

    mutating func int() -> Int {
        pick([0, -1, 1, 2, 99, 100, 199, 200, 503, 599, 600, 1000, 65_535, 65_536, 65_537,
              Int.min, Int.max, Int(next() % 10_000)])
    }

    mutating func int64() -> Int64 { pick([0, -1, 1, 1000, Int64.max, Int64.min, Int64(next() % 1_000_000)]) }

    /// Durations in whole microseconds (what fault specs carry), including a day and a
    /// microsecond past it.
    mutating func duration() -> Duration {
        pick([.zero, .microseconds(-1), .microseconds(1), .milliseconds(1), .seconds(86_400),
              .seconds(86_400) + .microseconds(1), .seconds(-86_400), .seconds(Int64.max), .seconds(Int64.min),
              .milliseconds(Int64(next() % 100))])
    }

    mutating func rate() -> Bandwidth? {
        chance(25) ? nil : .bytesPerSecond(pick([double(), 1, 1000, 1e6, 50_000]))
    }

    // MARK: Server values

    mutating func fault() -> Fault {
        switch next() % 9 {
        case 0: .status(int())
        case 1: .reset
        case 2: .resetAfter(bytes: int64())
        case 3: .close
        case 4: .truncateAfter(bytes: int64())
        case 5: .stallAfter(bytes: int64())
        case 6: .malformed
        case 7: .corrupt(count: int())
        default: .slice(bytes: int(), delay: duration())
        }
    }

    mutating func faultRule() -> FaultRule {
        FaultRule(
            fault(), rate: chance(50) ? 1 : double(), first: chance(50) ? nil : int(),
            retryAfter: chance(70) ? nil : int())
    }

    mutating func faultPlan() -> FaultPlan {
        FaultPlan((0..<(next() % 3)).map { _ in faultRule() })
    }

    mutating func jitter() -> Jitter {
        switch next() % 3 {
        case 0: .none
        case 1: .uniform(duration())
        default: .normal(sigma: duration())
        }
    }

    mutating func link() -> LinkProfile {
        if chance(20) { return pick(LinkProfile.Preset.allCases).profile }
        return LinkProfile(
            latency: chance(50) ? .zero : duration(), connectLatency: chance(70) ? .zero : duration(),
            jitter: chance(50) ? .none : jitter(), bandwidth: rate(), linkBandwidth: rate(),
            uploadBandwidth: rate(), uploadLinkBandwidth: rate())
    }

    mutating func limits() -> MockServer.Limits {
        var limits = MockServer.Limits()
        if chance(30) { limits.maxRequestLine = int() }
        if chance(30) { limits.maxHeaderBytes = int() }
        if chance(30) { limits.maxHeaderCount = int() }
        if chance(30) { limits.maxRequestBody = int64() }
        if chance(30) { limits.maxConnections = int() }
        if chance(30) { limits.idleTimeout = duration() }
        if chance(30) { limits.headerTimeout = duration() }
        return limits
    }

    mutating func serverConfiguration() -> MockServer.Configuration {
        MockServer.Configuration(
            port: chance(90) ? 0 : pick([-1, 65_536, Int.max]), seed: next(),
            link: chance(50) ? .unlimited : link(), faults: chance(50) ? .none : faultPlan(),
            limits: chance(50) ? MockServer.Limits() : limits(),
            journalCapacity: chance(80) ? 100_000 : pick([0, -1, 1, Int.max, 10_000_000, 10_000_001]))
    }

    // MARK: Client values

    mutating func optionalDuration() -> Duration? { chance(30) ? nil : duration() }

    mutating func clientConfiguration() -> ClientConfiguration {
        var configuration = ClientConfiguration()
        if chance(30) {
            configuration.timeouts = Timeouts(
                connect: optionalDuration(), firstByte: optionalDuration(), idle: optionalDuration(), total: optionalDuration())
        }
        if chance(30) {
            configuration.retry = RetryPolicy(
                maxAttempts: pick([int(), 1, 3]), initialBackoff: duration(), maxBackoff: duration(),
                multiplier: double(), jitter: double(), maxRetryAfter: duration())
        }
        if chance(20) { configuration.redirectLimit = int() }
        if chance(20) { configuration.maxIdleConnectionsPerHost = int() }
        if chance(30) { configuration.readBufferSize = pick([int(), 1, 7, 64 << 20, (64 << 20) + 1]) }
        if chance(20) { configuration.progressInterval = duration() }
        if chance(20) { configuration.userAgent = pick(["", "a\r\nb", "ü", String(repeating: "x", count: 10_000)]) }
        if chance(20) { configuration.seed = next() }
        return configuration
    }

    mutating func method() -> RequestMethod {
        pick([.get, .get, .get, .head, .post, .put, .delete, "PROPFIND", "", "G T", "GET\r\n", "ÉTÉ"])
    }

    mutating func headers() -> HeaderFields {
        var headers: HeaderFields = [:]
        if chance(30) { headers.add(pick(["X-A", "", "Bad Name", "Content-Length", "Range"]), pick(["1", "", "a\r\nb", "bytes=5-"])) }
        return headers
    }
}
