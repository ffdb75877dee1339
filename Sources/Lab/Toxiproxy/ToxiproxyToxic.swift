import Foundation
import MockServer

/// A toxic as toxiproxy's API shows it: name, type, stream, toxicity and the type's attributes
/// in toxiproxy's units (milliseconds, KB/s, bytes; the slicer's delay in microseconds).
struct ToxiproxyToxic: Sendable {
    var name: String
    var type: String
    var stream: Toxic.Stream
    var toxicity: Double
    /// The type's attributes, every one present (toxiproxy shows zeros for those not given).
    var attributes: [String: Int64]

    /// The attribute names of each type, as toxiproxy names them; `link_bandwidth` is the lab's.
    static let attributeNames: [String: [String]] = [
        "latency": ["latency", "jitter"], "bandwidth": ["rate"], "link_bandwidth": ["rate"],
        "slow_close": ["delay"], "timeout": ["timeout"], "reset_peer": ["timeout"],
        "slicer": ["average_size", "size_variation", "delay"], "limit_data": ["bytes"],
    ]

    /// A toxic from the JSON object a client POSTs to `/proxies/{name}/toxics`.
    init(json: [String: Any]) throws(ToxiproxyError) {
        let streamName = try Self.string(json["stream"], "stream") ?? "downstream"
        guard let stream = Toxic.Stream(rawValue: streamName.lowercased()) else { throw .invalidStream }
        let type = try Self.string(json["type"], "type") ?? ""
        guard let names = Self.attributeNames[type] else { throw .invalidToxicType }
        self.type = type
        self.stream = stream
        let name = try Self.string(json["name"], "name") ?? ""
        // Like a proxy's: /proxies/p/toxics/a%2Fb would decode to a path no route has.
        guard !name.contains("/") else {
            throw .badRequestBody("toxic name \(name.debugDescription) contains \"/\": the API could not address the toxic; use another name")
        }
        self.name = name.isEmpty ? "\(type)_\(stream.rawValue)" : name
        toxicity = 1
        attributes = Dictionary(uniqueKeysWithValues: names.map { ($0, 0) })
        try update(json: json)
    }

    /// Applies the attributes and toxicity of an update (`POST|PATCH .../toxics/{toxic}`);
    /// what the update leaves out keeps its value.
    mutating func update(json: [String: Any]) throws(ToxiproxyError) {
        if let value = json["toxicity"], !(value is NSNull) {
            guard let number = ToxiproxyJSON.number(value) else {
                throw .badRequestBody("toxicity must be a number from 0 to 1")
            }
            toxicity = number
        }
        if let given = json["attributes"], !(given is NSNull) {
            guard let object = given as? [String: Any] else { throw .badRequestBody("attributes must be an object") }
            for (key, value) in object where attributes[key] != nil {
                switch ToxiproxyJSON.whole(value) {
                case .value(let whole): attributes[key] = whole
                case .outOfRange: throw .badRequestBody("attribute \(key) of a \(type) toxic is out of range: toxiproxy's attributes are 64-bit integers")
                case .notWhole, .notANumber: throw .badRequestBody("attribute \(key) of a \(type) toxic must be a whole number")
                }
            }
        }
        do { try toxic.validate() } catch { throw ToxiproxyError("bad toxic: \(error)", 400) }
    }

    /// The lab toxic this is.
    var toxic: Toxic {
        Toxic(name: name, stream: stream, toxicity: toxicity, effect: effect)
    }

    private var effect: Toxic.Effect {
        func ms(_ key: String) -> Duration { .milliseconds(attributes[key] ?? 0) }
        switch type {
        case "latency":
            let jitter = attributes["jitter"] ?? 0
            return .latency(ms("latency"), jitter: jitter > 0 ? .uniform(ms("jitter")) : .none)
        case "bandwidth", "link_bandwidth":
            // toxiproxy passes everything through at a rate of 0 or less.
            let rate = attributes["rate"] ?? 0
            guard rate > 0 else { return .latency(.zero) }
            let bandwidth = Bandwidth.kilobytesPerSecond(Double(rate))
            return type == "bandwidth" ? .bandwidth(bandwidth) : .linkBandwidth(bandwidth)
        case "slow_close": return .slowClose(ms("delay"))
        case "timeout": return .timeout(ms("timeout"))
        case "reset_peer": return .resetPeer(after: ms("timeout"))
        case "slicer":
            return .slicer(
                averageSize: Int(attributes["average_size"] ?? 0), sizeVariation: Int(attributes["size_variation"] ?? 0),
                delay: .microseconds(attributes["delay"] ?? 0))
        default: return .limitData(bytes: attributes["bytes"] ?? 0)
        }
    }

    /// The JSON object toxiproxy answers with.
    var json: [String: Any] {
        ["name": name, "type": type, "stream": stream.rawValue, "toxicity": toxicity, "attributes": attributes]
    }

    private static func string(_ value: Any?, _ field: String) throws(ToxiproxyError) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .badRequestBody("\(field) must be a string") }
        return text
    }
}
