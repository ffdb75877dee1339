import NetworkCore

/// The parts of a request's URL that replay matches on: the path and the query parameters,
/// both percent-decoded. Scheme, host and fragment are ignored, so a recording made against
/// `https://api.example.com` replays on 127.0.0.1.
struct ReplayTarget: Hashable, Sendable {
    /// The path, percent-decoded (`/users/42`).
    var path: String
    /// The query's parameters in order, decoded (`+` as space).
    var query: [(name: String, value: String)]

    /// Whether a request can reach `url`: an absolute `http://` or `https://` URL, or an
    /// origin-form target (`/a?b=1`). Not a `data:`, `blob:` or `chrome-extension://` URL,
    /// which browsers record too.
    static func isReachable(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        return url.hasPrefix("/") || lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// The target of an absolute URL (`https://host/a?b=1#f`) or an origin-form target (`/a?b=1`).
    init(url: String) {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let scheme = rest.range(of: "://") {
            let afterAuthority = rest[scheme.upperBound...]
            rest = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? ""
        }
        let question = rest.firstIndex(of: "?")
        let rawPath = question.map { rest[..<$0] } ?? rest
        let rawQuery = question.map { rest[rest.index(after: $0)...] } ?? ""
        self.init(path: rawPath, query: rawQuery)
    }

    /// The target of a path and a query (without `?`), both still percent-encoded.
    init(path rawPath: Substring, query rawQuery: Substring) {
        let decoded = PercentEncoding.decode(rawPath) ?? String(rawPath)
        path = decoded.isEmpty ? "/" : decoded
        if let items = QueryItems(rawQuery) {
            query = items.map { ($0.name, $0.value) }
        } else {
            query = rawQuery.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
        }
    }

    /// The query parameters in a canonical order: replay treats `?a=1&b=2` and `?b=2&a=1` alike.
    var sortedQuery: [String] {
        query.map { "\($0.name)=\($0.value)" }.sorted()
    }

    /// `/path?a=1&b=2`, for messages.
    var description: String {
        query.isEmpty ? path : path + "?" + query.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    static func == (lhs: ReplayTarget, rhs: ReplayTarget) -> Bool {
        lhs.path == rhs.path && lhs.sortedQuery == rhs.sortedQuery
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(sortedQuery)
    }
}
