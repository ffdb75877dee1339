/// The header fields of an HTTP message, in the order they were sent.
///
/// Names compare case-insensitively (ASCII), as HTTP requires; names and values are otherwise
/// kept as written. Repeated fields are kept in order, since some (`Set-Cookie`) may repeat.
///
/// ```swift
/// var headers: HeaderFields = ["Content-Type": "text/plain"]
/// headers.add("Set-Cookie", "a=1")
/// headers["content-type"]                          // "text/plain"
/// headers.containsToken("close", in: "Connection")  // false
/// ```
public struct HeaderFields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field: its name as written and its value without surrounding whitespace.
    public typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    /// No fields.
    public init() {}

    /// The fields of the literal, in order; a name may appear more than once.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields, repeated names counted each time.
    public var count: Int { fields.count }

    /// The value of the first field named `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.matches($0.name, name) }?.value
    }

    /// The values of every field named `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.matches($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.matches($0.name, name) }
    }

    /// Appends a field, keeping any others of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Makes `value` the only value of `name`: replaces the first field of that name in place
    /// and removes the others, or appends a field if there was none.
    public mutating func set(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.matches($0.name, name) }) else {
            return add(name, value)
        }
        fields[first] = (name: name, value: value)
        let others = fields[(first + 1)...].filter { !Self.matches($0.name, name) }
        fields.replaceSubrange((first + 1)..., with: others)
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.matches($0.name, name) }
    }

    /// Whether `token` is an element of the comma-separated lists in the fields named `name`,
    /// compared case-insensitively: `Connection: keep-alive, Upgrade` contains `upgrade`.
    public func containsToken(_ token: String, in name: String) -> Bool {
        var token = token
        return token.withUTF8 { token in
            fields.contains { field in
                guard Self.matches(field.name, name) else { return false }
                var found = false
                HTTPSyntax.forEachListElement(in: field.value) { found = found || HTTPSyntax.equalsIgnoringCase($0, token) }
                return found
            }
        }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Equal when the same fields appear in the same order; names compare case-insensitively.
    public static func == (lhs: HeaderFields, rhs: HeaderFields) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { matches($0.name, $1.name) && $0.value == $1.value }
    }

    /// Hashes consistently with `==`: names by their lowercase form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.count)
        for field in fields {
            hasher.combine(field.name.utf8.count)
            for byte in field.name.utf8 { hasher.combine(HTTPSyntax.lowercased(byte)) }
            hasher.combine(field.value)
        }
    }

    package mutating func reserveCapacity(_ capacity: Int) {
        fields.reserveCapacity(capacity)
    }

    /// How many fields fit before the storage grows.
    var capacity: Int { fields.capacity }

    /// Gives back the room reserved beyond the fields when it holds 4 or more: a
    /// parsed head reserves for 16 fields, and the journal keeps 100,000 heads.
    package mutating func releaseUnusedCapacity() {
        guard fields.capacity - fields.count >= 4 else { return }
        var exact: [Element] = []
        exact.reserveCapacity(fields.count)
        exact.append(contentsOf: fields)
        fields = exact
    }

    /// Appends `name: value` CRLF for each field.
    func serialize(into out: inout [UInt8]) {
        for field in fields { Self.append(field, to: &out) }
    }

    /// Appends the fields as calling ``set(_:_:)`` with each of `settings`, in order, would
    /// leave them (a setting takes the place of the first field of its name and drops the
    /// others, or comes after all fields), without building that list: every response head
    /// sets three or four fields on its endpoint's. The names in `settings` must differ.
    func serialize(into out: inout [UInt8], setting settings: [Element]) {
        guard settings.count <= UInt64.bitWidth else {
            var copy = self
            for setting in settings { copy.set(setting.name, setting.value) }
            return copy.serialize(into: &out)
        }
        var placed: UInt64 = 0
        for field in fields {
            guard let index = settings.firstIndex(where: { Self.matches($0.name, field.name) }) else {
                Self.append(field, to: &out)
                continue
            }
            if placed & (1 << index) == 0 { Self.append(settings[index], to: &out) }
            placed |= 1 << index
        }
        for (index, setting) in settings.enumerated() where placed & (1 << index) == 0 {
            Self.append(setting, to: &out)
        }
    }

    private static func append(_ field: Element, to out: inout [UInt8]) {
        HTTPSyntax.appendSafely(field.name, to: &out)
        out.append(HTTPSyntax.colon)
        out.append(HTTPSyntax.space)
        HTTPSyntax.appendSafely(field.value, to: &out)
        out.append(contentsOf: HTTPSyntax.crlf)
    }

    /// Whether `name` can be a field name: one or more token characters (RFC 9110 §5.1), no
    /// space, colon or control byte.
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPSyntax.isToken)
    }

    private static func matches(_ a: String, _ b: String) -> Bool {
        HTTPSyntax.equalsIgnoringCase(a, b)
    }
}
