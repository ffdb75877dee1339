extension MockServer.Configuration {
    /// The most requests a journal may keep: 10 million entries, far beyond a test's needs,
    /// before its memory would matter.
    public static let maximumJournalCapacity = 10_000_000

    /// What is wrong with a journal keeping `capacity` `entries` (a server's requests, a
    /// proxy's connections), if anything.
    static func problem(journalCapacity capacity: Int, of entries: String) -> String? {
        (1...maximumJournalCapacity).contains(capacity) ? nil : "must be 1 to \(maximumJournalCapacity) \(entries)"
    }

    /// Checks every field against its stated bound: the port 0...65535, a
    /// ``journalCapacity`` of 1 to ``maximumJournalCapacity``, the ``limits``
    /// (``MockServer/Limits/validate()``), the ``link`` (``LinkProfile/validate()``), each
    /// rule of ``faults`` (``FaultRule/validate()``), and each of ``routes``: a path starting
    /// with `/` (or `*` alone), `{name}` parameters written whole (`:name` is refused), and
    /// valid fault rules. ``MockServer/start(_:)`` calls it.
    public func validate() throws(MockServerError) {
        guard (0...65_535).contains(port) else {
            throw .invalidConfiguration(field: "port", value: "\(port)", reason: "must be 0 (a free port) to 65535")
        }
        if let problem = Self.problem(journalCapacity: journalCapacity, of: "requests") {
            throw .invalidConfiguration(field: "journalCapacity", value: "\(journalCapacity)", reason: problem)
        }
        try limits.validate()
        try MockServer.validate(link)
        try MockServer.validate(faults)
        for (index, route) in routes.enumerated() { try route.validate(index: index) }
    }
}

extension MockServer.Limits {
    /// Checks each limit: sizes and counts at least 1 (a body limit may be 0: no request
    /// bodies), timeouts above zero and at most a day (``LinkProfile/maximumDelay``).
    /// ``MockServer/start(_:)`` calls it.
    ///
    /// A request line or head limit under the size of a minimal request (`GET / HTTP/1.1`)
    /// refuses every request, which may be what a test wants; 0 would be a typo.
    public func validate() throws(MockServerError) {
        let counts: [(String, Int)] = [
            ("maxRequestLine", maxRequestLine), ("maxHeaderBytes", maxHeaderBytes),
            ("maxHeaderCount", maxHeaderCount), ("maxConnections", maxConnections),
        ]
        for (name, value) in counts where value < 1 {
            throw .invalidConfiguration(field: "limits.\(name)", value: "\(value)", reason: "must be 1 or more")
        }
        guard maxRequestBody >= 0 else {
            throw .invalidConfiguration(
                field: "limits.maxRequestBody", value: "\(maxRequestBody)", reason: "must be 0 (no bodies) or more")
        }
        try MockServer.validate(timeout: idleTimeout, field: "limits.idleTimeout")
        try MockServer.validate(timeout: headerTimeout, field: "limits.headerTimeout")
    }
}

extension MockServer {
    static func validate(_ link: LinkProfile) throws(MockServerError) {
        do { try link.validate() } catch { throw .invalidLink(error) }
    }

    /// Refuses a timeout that is not above zero and at most a day (``LinkProfile/maximumDelay``),
    /// naming its `field`.
    static func validate(timeout: Duration, field: String) throws(MockServerError) {
        guard timeout > .zero, timeout <= LinkProfile.maximumDelay else {
            throw .invalidConfiguration(field: field, value: timeout.labDescription, reason: "must be above zero and at most 24h (86400s)")
        }
    }

    static func validate(_ faults: FaultPlan) throws(MockServerError) {
        for (index, rule) in faults.rules.enumerated() {
            do { try rule.validate() } catch { throw .invalidFaultRule(index: index, error) }
        }
    }
}
