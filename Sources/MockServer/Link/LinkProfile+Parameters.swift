import Foundation
import NetworkCore

extension LinkProfile {
    /// The link's parameter names: the public contract of JSON, query and command-line forms.
    enum Parameter: String, CaseIterable {
        case latency
        case connectLatency = "connect-latency"
        case jitter
        case bandwidth
        case linkBandwidth = "link-bandwidth"
        case uploadBandwidth = "upload-bandwidth"
        case uploadLinkBandwidth = "upload-link-bandwidth"

        /// The parameters one request may override in its query; the shared link ones it may not.
        var isPerRequest: Bool { self != .linkBandwidth && self != .uploadLinkBandwidth }
    }

    /// Every parameter of the link with its value in the units grammar, in contract order:
    /// durations like `250ms`, rates like `11084313B/s` or `50KB/s` (`none` for no cap),
    /// jitter as `none`, `uniform:20ms` or `normal:20ms`. Each value parses back exactly.
    public func parameters() -> [(name: String, value: String)] {
        Parameter.allCases.map { parameter in
            let value = switch parameter {
            case .latency: Self.format(latency)
            case .connectLatency: Self.format(connectLatency)
            case .jitter: Self.format(jitter)
            case .bandwidth: Self.format(bandwidth)
            case .linkBandwidth: Self.format(linkBandwidth)
            case .uploadBandwidth: Self.format(uploadBandwidth)
            case .uploadLinkBandwidth: Self.format(uploadLinkBandwidth)
            }
            return (parameter.rawValue, value)
        }
    }

    /// The link as a JSON object of strings, keyed by parameter name (see ``parameters()``).
    public func jsonObject() -> [String: Any] {
        Dictionary(uniqueKeysWithValues: parameters().map { ($0.name, $0.value as Any) })
    }

    /// A link from a JSON object keyed by parameter name; missing keys and `null` keep the
    /// default (no effect).
    ///
    /// Values are strings in the units grammar (`"250ms"`, `"1MB/s"`, `"none"`) or numbers:
    /// seconds for durations and jitter, bytes per second for rates. Unknown keys are an error,
    /// so that a misspelt parameter is not silently ignored. The link must pass
    /// ``validate()``: `{"bandwidth": 1e-300}` is refused as ``LinkParameterError/outOfRange(parameter:value:bound:)``.
    public init(jsonObject: [String: Any]) throws(LinkParameterError) {
        self.init()
        for key in jsonObject.keys.sorted() {
            guard let parameter = Parameter(rawValue: key) else { throw .unknownParameter(name: key) }
            try set(parameter, to: jsonObject[key]!)
        }
        try validate()
    }

    /// This link with the per-request overrides of a query applied, e.g.
    /// `latency=200ms&jitter=20ms&bandwidth=1MB/s`.
    ///
    /// Only `latency`, `connect-latency`, `jitter`, `bandwidth` and `upload-bandwidth` apply;
    /// every other key (other query parameters, and the shared `link-bandwidth` and
    /// `upload-link-bandwidth`) is ignored. The last of repeated keys wins. The result must pass
    /// ``validate()`` (`bandwidth=0.5B/s` is refused).
    public func overriding(query: [(String, String)]) throws(LinkParameterError) -> LinkProfile {
        var link = self
        for (key, value) in query {
            guard let parameter = Parameter(rawValue: key), parameter.isPerRequest else { continue }
            try link.set(parameter, to: value)
        }
        try link.validate()
        return link
    }

    /// The cap on one request body in bytes per second: its query's `upload-bandwidth`, else
    /// this link's; nil for none. A query that does not parse gives none: the request is refused
    /// once it is in, and its body meanwhile goes uncapped. The server's engine and
    /// `VirtualServer` pace uploads by it (with no query for a route that passes its query on).
    func uploadCap(query: String?) -> Double? {
        guard let items = QueryItems(query ?? ""), let cap = (try? overriding(query: Array(items)))?.uploadBandwidth?.bytesPerSecond,
              cap > 0 else { return nil }
        return cap
    }

    /// Whether `query` names an `upload-bandwidth` (`none` included): the request then keeps
    /// its cap whatever the server's link becomes.
    static func uploadCapIsFixed(byQuery query: String?) -> Bool {
        guard let query, let items = QueryItems(query) else { return false }
        return items.contains { $0.name == Parameter.uploadBandwidth.rawValue }
    }

    private mutating func set(_ parameter: Parameter, to value: Any) throws(LinkParameterError) {
        let name = parameter.rawValue
        switch parameter {
        case .latency: latency = try Self.duration(value, name)
        case .connectLatency: connectLatency = try Self.duration(value, name)
        case .jitter: jitter = try Self.jitter(value)
        case .bandwidth: bandwidth = try Self.rate(value, name)
        case .linkBandwidth: linkBandwidth = try Self.rate(value, name)
        case .uploadBandwidth: uploadBandwidth = try Self.rate(value, name)
        case .uploadLinkBandwidth: uploadLinkBandwidth = try Self.rate(value, name)
        }
    }

    private static func duration(_ value: Any, _ name: String) throws(LinkParameterError) -> Duration {
        let duration: Duration?
        switch value {
        case is NSNull:
            duration = .zero
        case let text as String:
            do {
                duration = try Duration(parsing: text)
            } catch where error.reason == .tooLarge {
                throw .outOfRange(parameter: name, value: text, bound: delayBound)
            } catch {
                duration = nil
            }
        default:
            let seconds = number(value)
            // Checked before converting: Duration saturates a number of seconds it cannot hold,
            // and the message would show the saturated value instead of the user's.
            if let seconds, seconds > maximumDelay.seconds {
                throw .outOfRange(parameter: name, value: shown(value) + "s", bound: delayBound)
            }
            duration = seconds.map { .seconds(double: $0) }
        }
        guard let duration, duration >= .zero else { throw .notADuration(parameter: name, value: shown(value)) }
        return duration
    }

    private static func rate(_ value: Any, _ name: String) throws(LinkParameterError) -> Bandwidth? {
        switch value {
        case is NSNull, "none" as String, "unlimited" as String:
            return nil
        case let text as String:
            do {
                return try Bandwidth(parsing: text)
            } catch where error.reason == .notPositive {
                throw .zeroRate(parameter: name)
            } catch {
                throw .notARate(parameter: name, value: text)
            }
        default:
            // Checked before constructing: Bandwidth traps on rates that are not positive.
            guard let number = number(value), number >= 0 else { throw .notARate(parameter: name, value: shown(value)) }
            guard number > 0 else { throw .zeroRate(parameter: name) }
            return .bytesPerSecond(number)
        }
    }

    private static func jitter(_ value: Any) throws(LinkParameterError) -> Jitter {
        var jitter: Jitter
        switch value {
        case is NSNull, "none" as String:
            return .none
        case let text as String:
            let isNormal = text.hasPrefix("normal:")
            let amplitude = isNormal ? text.dropFirst(7) : text.hasPrefix("uniform:") ? text.dropFirst(8) : Substring(text)
            let duration: Duration
            do {
                duration = try Self.duration(String(amplitude), "jitter")
            } catch .outOfRange(let parameter, _, let bound) {
                throw .outOfRange(parameter: parameter, value: text, bound: bound)
            } catch {
                throw .notAJitter(value: text)
            }
            jitter = isNormal ? .normal(sigma: duration) : .uniform(duration)
        default:
            guard let seconds = number(value), seconds >= 0 else { throw .notAJitter(value: shown(value)) }
            // Through the same check as a latency: past the bound, the message shows the
            // user's number, not the one `Duration` saturates it to.
            jitter = .uniform(try duration(value, "jitter"))
        }
        // A zero amplitude is no jitter; one spelling keeps equal links equal.
        if jitter == .uniform(.zero) || jitter == .normal(sigma: .zero) { jitter = .none }
        return jitter
    }

    /// `value` as JSON text, as the user wrote it (`{"normal":5}`, not Swift's `["normal": 5]`).
    private static func shown(_ value: Any) -> String {
        if let text = value as? String { return text }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A finite JSON number (native, or NSNumber from JSONSerialization); booleans are not.
    private static func number(_ value: Any) -> Double? {
        // JSONSerialization hands `true` over as an NSNumber (of type "c") that casts to 1.0.
        if let number = value as? NSNumber, String(cString: number.objCType) == "c" { return nil }
        let number: Double? = switch value {
        case let value as Double: value
        case let value as Int: Double(value)
        case let value as NSNumber: value.doubleValue
        default: nil
        }
        return number.flatMap { $0.isFinite ? $0 : nil }
    }

    private static func format(_ duration: Duration) -> String {
        let nanoseconds = duration.nanoseconds
        if nanoseconds == 0 { return "0ms" }
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds.magnitude >= 1_000_000 { return decimal(nanoseconds, per: 1_000_000) + "ms" }
        return decimal(nanoseconds, per: 1000) + "us"
    }

    private static func format(_ jitter: Jitter) -> String {
        switch jitter {
        case .none: "none"
        case .uniform(let amplitude): "uniform:" + format(amplitude)
        case .normal(let sigma): "normal:" + format(sigma)
        }
    }

    private static func format(_ rate: Bandwidth?) -> String {
        guard let bytesPerSecond = rate?.bytesPerSecond else { return "none" }
        // Whole rates in range only: converting a negative or huge rate to Int64 would trap.
        guard bytesPerSecond == bytesPerSecond.rounded(), bytesPerSecond >= 1, bytesPerSecond < 1e15 else {
            return "\(bytesPerSecond)B/s"
        }
        let bytes = Int64(bytesPerSecond)
        let units: [(String, Int64)] = [
            ("GB/s", 1_000_000_000), ("MB/s", 1_000_000), ("KB/s", 1000),
            ("GiB/s", 1 << 30), ("MiB/s", 1 << 20), ("KiB/s", 1 << 10),
        ]
        let unit = units.first { bytes != 0 && bytes % $0.1 == 0 } ?? ("B/s", 1)
        return "\(bytes / unit.1)\(unit.0)"
    }

    /// `value / scale` as an exact decimal, without trailing zeros.
    private static func decimal(_ value: Int64, per scale: Int64) -> String {
        let whole = (value < 0 ? "-" : "") + "\(abs(value / scale))"
        var fraction = String(String(abs(value % scale) + scale).dropFirst())
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}
