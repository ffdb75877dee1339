/// How a response's body begins, for the store to prepare.
package struct BodyStart: Sendable, Hashable {
    /// Whether the stored bytes must be thrown away: this body starts again at byte 0.
    package var restart: Bool
    /// The version the bytes belong to (`ETag`), nil when they cannot be resumed from.
    package var validator: String?
    /// Whether ``validator`` differs from the one recorded with the stored bytes.
    package var validatorChanged: Bool
    /// The resource's size, when known.
    package var expectedLength: Int64?

    package init(restart: Bool, validator: String?, validatorChanged: Bool, expectedLength: Int64?) {
        self.restart = restart
        self.validator = validator
        self.validatorChanged = validatorChanged
        self.expectedLength = expectedLength
    }
}
