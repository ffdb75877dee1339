/// How a response's body begins, for the store to prepare.
struct BodyStart: Sendable, Hashable {
    /// Whether the stored bytes must be thrown away: this body starts again at byte 0.
    var restart: Bool
    /// The version the bytes belong to (`ETag`), nil when they cannot be resumed from.
    var validator: String?
    /// Whether ``validator`` differs from the one recorded with the stored bytes.
    var validatorChanged: Bool
    /// The resource's size, when known.
    var expectedLength: Int64?
}
