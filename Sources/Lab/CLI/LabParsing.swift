import MockServer
import NetworkCore

/// Option values shared by several commands: seeds, links, faults.
enum LabParsing {
    /// A seed: a whole number from 0 to 2^64-1.
    static func seed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else { throw Message("\"\(text)\" is not a seed; use a whole number from 0 to \(UInt64.max)") }
        return seed
    }

    /// A timeout: a duration above zero (`500ms`, `10s`; a bare number is milliseconds).
    static func timeout(_ text: String) throws -> Duration {
        let duration = try Duration(parsing: text)
        guard duration > .zero else { throw Message("a timeout of zero would close every connection at once; use a duration above zero such as 10s") }
        return duration
    }

    /// `--host` (a numeric address; 127.0.0.1 by default).
    static func host(_ arguments: inout Arguments) throws(UsageError) -> String {
        let host = try arguments.option("host") ?? "127.0.0.1"
        guard SocketAddress(numericHost: host, port: 0) != nil else {
            throw UsageError("--host: \"\(host)\" is not a numeric address; use 127.0.0.1, ::1 or 0.0.0.0")
        }
        return host
    }

    /// `--port` (0 to 65535; nil when absent).
    static func port(_ arguments: inout Arguments) throws(UsageError) -> Int? {
        try arguments.option("port") { text -> Int in
            guard let port = Int(text), (0...65535).contains(port) else { throw Message("\"\(text)\" is not a port; use 0 to 65535") }
            return port
        }
    }

    /// The link from `--profile` and the link flags (`--latency`, `--jitter`, `--connect-latency`,
    /// `--bandwidth`, `--link-bandwidth`, `--upload-bandwidth`, `--upload-link-bandwidth`),
    /// the flags overriding the profile's numbers.
    static func link(_ arguments: inout Arguments, base: LinkProfile = .unlimited) throws(UsageError) -> LinkProfile {
        try linkFlags(&arguments).applied(to: base)
    }

    /// The link flags as given, to apply once the base link is known (after the positionals).
    static func linkFlags(_ arguments: inout Arguments) throws(UsageError) -> LinkFlags {
        var flags = LinkFlags(profile: try arguments.option("profile"))
        for key in LinkFlags.keys {
            if let value = try arguments.option(key) { flags.values[key] = value }
        }
        return flags
    }

    /// `--profile` and the link flags, read but not yet applied.
    struct LinkFlags {
        static let keys = ["latency", "jitter", "connect-latency", "bandwidth", "link-bandwidth", "upload-bandwidth", "upload-link-bandwidth"]

        var profile: String?
        var values: [String: String] = [:]

        /// Whether any flag was given.
        var isEmpty: Bool { profile == nil && values.isEmpty }

        /// `base` (or the `--profile` preset) with the flags' values in place of its own.
        func applied(to base: LinkProfile) throws(UsageError) -> LinkProfile {
            var link = base
            if let profile {
                guard let preset = LinkProfile.preset(named: profile) else {
                    throw UsageError("--profile: \"\(profile)\" is not a preset; use one of \(LinkProfile.presets.map(\.name).joined(separator: ", ")) (see 'lab profiles')")
                }
                link = preset
            }
            guard !values.isEmpty else { return link }
            do {
                return try LinkProfile(jsonObject: link.jsonObject().merging(values) { $1 })
            } catch {
                throw UsageError("--\(error)")
            }
        }
    }

    /// The fault plan from `--fault`, `--fault-rate`, `--fault-first` and `--retry-after`.
    static func faults(_ arguments: inout Arguments) throws(UsageError) -> FaultPlan {
        let fault = try arguments.option("fault")
        let rate = try arguments.option("fault-rate")
        let first = try arguments.option("fault-first")
        let retryAfter = try arguments.option("retry-after")
        // FaultPlan's messages name query parameters (`fault-rate=2`); these name the flags.
        let given = [("fault-rate", rate), ("fault-first", first), ("retry-after", retryAfter)]
        if fault == nil, let orphan = given.first(where: { $0.1 != nil }) {
            throw UsageError("--\(orphan.0) needs --fault SPEC to apply to")
        }
        do {
            return try FaultPlan(fault: fault, faultRate: rate, faultFirst: first, retryAfter: retryAfter)
        } catch .invalidParameter(let name, let value, let reason) {
            let typed = given.first { $0.0 == name }?.1 ?? value
            throw UsageError("--\(name): \"\(typed)\" \(reason)")
        } catch {
            throw UsageError("--fault: \(error)")
        }
    }
}

/// Short human descriptions of settings, for status lines.
enum LabFormat {
    static func link(_ link: LinkProfile) -> String {
        let parameters = link.parameters().filter { !["0ms", "none", "0"].contains($0.value) }
        return parameters.isEmpty ? "unshaped" : parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    static func faults(_ faults: FaultPlan) -> String {
        faults.rules.isEmpty ? "none" : faults.rules.map { rule in
            var text = rule.fault.description
            if rule.rate < 1 { text += " rate=\(rule.rate)" }
            if let first = rule.first { text += " first=\(first)" }
            if let retryAfter = rule.retryAfter { text += " retry-after=\(retryAfter)" }
            return text
        }.joined(separator: ", ")
    }
}
