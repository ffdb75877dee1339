/// The name-value pairs of a query string (`a=1&b=x%20y&flag`), decoded, in order.
///
/// Pairs are separated by `&`; a pair without `=` has an empty value; empty pairs are
/// skipped. Names and values are percent-decoded with `+` as a space (form encoding).
/// Names compare case-sensitively.
///
/// ```swift
/// let items = QueryItems(head.query ?? "")   // nil if badly encoded: answer 400
/// let size = items?["size"]
/// ```
package struct QueryItems: Sendable, Sequence {
    /// One pair, decoded.
    package typealias Element = (name: String, value: String)

    private var items: [Element]

    /// The pairs of `query` (without its `?`), or nil if a name or value has a bad `%`
    /// sequence or is not UTF-8. Not generic, so that callers in other modules get the
    /// splitting specialized here rather than through `StringProtocol` for every request.
    package init?(_ query: String) {
        self.init(query[...])
    }

    /// The pairs of `query`, as the `String` initializer above reads them.
    package init?(_ query: some StringProtocol) {
        items = []
        // Most requests have no query: nothing to split.
        guard !query.isEmpty else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0], plusAsSpace: true),
                let value = PercentEncoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true)
            else { return nil }
            items.append((name: name, value: value))
        }
    }

    /// The number of pairs.
    package var count: Int { items.count }

    /// The value of the first pair named `name`, or nil: the first wins, as with
    /// `HeaderFields`, Go's `Values.Get` and the web's `URLSearchParams.get`.
    package subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// The values of every pair named `name`, in order.
    package func values(for name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// Iterates the pairs in order.
    package func makeIterator() -> IndexingIterator<[Element]> {
        items.makeIterator()
    }
}
