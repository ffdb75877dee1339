import NetworkCore

/// Everything that shapes a proxy's connections and can change while they are open: the link
/// and fault plan of `lab proxy`, and the named toxics of `lab toxiproxy`.
struct ProxySettings: Sendable, Hashable {
    var link: LinkProfile
    var faults: FaultPlan
    var toxics: [Toxic]

    /// The toxics that apply to the `ordinal`-th connection of proxy `name` in `stream`,
    /// by name: the link's, the fault the plan picks for this connection, then `toxics`.
    func effects(seed: UInt64, name: String, ordinal: Int, stream: Toxic.Stream) -> [(name: String, effect: Toxic.Effect)] {
        var result: [(String, Toxic.Effect)] = []
        let upload = stream == .upstream
        if !upload, link.latency != .zero || link.jitter != .none {
            result.append(("link latency", .latency(link.latency, jitter: link.jitter)))
        }
        if let rate = upload ? link.uploadBandwidth : link.bandwidth { result.append(("link bandwidth", .bandwidth(rate))) }
        if let rate = upload ? link.uploadLinkBandwidth : link.linkBandwidth { result.append(("link link-bandwidth", .linkBandwidth(rate))) }
        if !upload, let rule = faults.decide(seed: seed, method: "TCP", url: name, ordinal: ordinal),
           let effect = try? Self.effect(of: rule.fault) {
            result.append(("fault \(rule.fault)", effect))
        }
        for toxic in toxics where toxic.stream == stream && toxic.applies(seed: seed, proxy: name, ordinal: ordinal) {
            result.append(("toxic \(toxic.name)", toxic.effect))
        }
        return result
    }

    /// The toxic effect a TCP proxy gives `fault`; HTTP-only faults (`status:`, `malformed`)
    /// have none.
    static func effect(of fault: Fault) throws(ToxicError) -> Toxic.Effect {
        switch fault {
        case .reset: .resetAfter(bytes: 0)
        case .resetAfter(let bytes): .resetAfter(bytes: bytes)
        case .close: .limitData(bytes: 0)
        case .truncateAfter(let bytes): .limitData(bytes: bytes)
        case .stallAfter(let bytes): .stallAfter(bytes: bytes)
        case .corrupt(let count): .corrupt(count: count)
        case .slice(let bytes, let delay): .slicer(averageSize: bytes, sizeVariation: 0, delay: delay)
        case .status, .malformed: throw .httpOnlyFault(fault.description)
        }
    }

    /// Checks every value as ``TCPProxy`` takes it: the link's and each fault rule's ranges,
    /// then what a TCP proxy can apply (``validate()``).
    func check() throws(ProxyError) {
        do { try link.validate() } catch { throw .invalidLink(error) }
        for (index, rule) in faults.rules.enumerated() {
            do { try rule.validate() } catch { throw .invalidFaultRule(index: index, error) }
        }
        do { try validate() } catch { throw .invalidToxic(error) }
    }

    /// Refuses faults a TCP proxy cannot inject and toxics with bad values.
    func validate() throws(ToxicError) {
        for rule in faults.rules { _ = try Self.effect(of: rule.fault) }
        var names = Set<String>()
        for toxic in toxics {
            try toxic.validate()
            guard names.insert(toxic.name).inserted else {
                throw .invalidToxic(name: toxic.name, reason: "two toxics have this name")
            }
        }
    }
}
