import NetworkCore

// The request a download sends, and the deadlines of its phases.
extension Download {
    /// The bytes of the next request: its head, then its body (with `Content-Length`).
    func requestBytes() -> [UInt8] {
        var bytes = requestHead().serialized()
        if let body { bytes += body }
        return bytes
    }

    private func requestHead() -> HTTPRequestHead {
        var fields = headers
        // Credentials go only to the origin they were given for: a redirect to another host or
        // port does not carry them (curl and Python's requests strip them too).
        if target.authority != origin {
            for name in Self.credentialFields { fields.remove(name) }
        }
        if !fields.contains("Authorization"), let basic = target.basicCredentials { fields.set("Authorization", "Basic \(basic)") }
        fields.set("Host", target.hostHeader)
        if !fields.contains("User-Agent") { fields.set("User-Agent", configuration.userAgent) }
        if !fields.contains("Accept") { fields.set("Accept", "*/*") }
        if configuration.requestDigest { fields.set("Want-Repr-Digest", "sha-256=1") }
        if !configuration.keepAlive { fields.set("Connection", "close") }
        fields.remove("Range")
        fields.remove("If-Range")
        fields.remove("Content-Length")
        fields.remove("Transfer-Encoding")
        if let body { fields.set("Content-Length", "\(body.count)") }
        if let rangeStart, let validator {
            fields.set("Range", "bytes=\(rangeStart)-")
            fields.set("If-Range", validator)
        }
        return HTTPRequestHead(method: method, target: target.target, headers: fields)
    }

    /// The fields of a request that hold credentials: sent to the request's own origin only.
    static let credentialFields = ["Authorization", "Cookie", "Proxy-Authorization"]

    /// The earlier of `phase`'s deadline from `start` and the total one.
    func deadline(_ phase: DownloadError.TimeoutPhase, from start: Instant) -> Deadline? {
        let phaseDeadline = configuration.timeouts[phase].map { Deadline(instant: start + $0, error: .timeout(phase, limit: $0)) }
        let total = totalDeadline.map { Deadline(instant: $0, error: .timeout(.total, limit: configuration.timeouts.total ?? .zero)) }
        switch (phaseDeadline, total) {
        case let (phase?, total?): return total.instant < phase.instant ? total : phase
        case let (phase, total): return phase ?? total
        }
    }
}
