/// A size, rate or duration that the lab could not read, with a message saying what one looks
/// like.
///
/// Callers that know where the text came from add the parameter's name:
///
/// ```swift
/// do { rate = try Bandwidth(parsing: value) } catch { fail(error.message(parameter: "bandwidth")) }
/// // bandwidth: "fast" is not a rate: use a number of bytes per second or ...
/// ```
public struct UnitParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the text was meant to be.
    public enum Kind: String, Sendable {
        /// A byte count (`4096`, `10MB`, `1.5GiB`).
        case size
        /// A transfer rate (`1MB/s`, `100Mbit/s`).
        case rate
        /// A duration (`200ms`, `1.5s`).
        case duration
    }

    /// Why the text was rejected.
    public enum Reason: Sendable, Equatable {
        /// Not a number followed by one of the kind's units (also: empty, signed, spaced).
        case malformed
        /// A unit with a lowercase `b`, which reads as bits to some and bytes to others.
        case lowercaseByteSymbol
        /// A size that is not a whole number of bytes, or a duration finer than a nanosecond.
        case fractional
        /// A size beyond `Int64.max` bytes, a duration beyond `Int64.max` nanoseconds, or a rate
        /// beyond what a `Double` holds.
        case tooLarge
        /// A rate of zero.
        case notPositive
    }

    /// The rejected text, as given.
    public var text: String
    /// What the text was meant to be.
    public var kind: Kind
    /// Why it was rejected.
    public var reason: Reason

    init(_ text: String, _ kind: Kind, _ reason: Reason) {
        self.text = text
        self.kind = kind
        self.reason = reason
    }

    /// The message with the name of the parameter that held the text, for the user to act on:
    /// `bandwidth: "fast" is not a rate: use ...`.
    public func message(parameter: String) -> String {
        "\(parameter): \(description)"
    }

    /// `"10XB" is not a size: use a byte count or a number with KB, MB, GB, KiB, MiB or GiB
    /// (e.g. 4096, 10MB, 1.5GiB)`, with the reason in parentheses when there is more to say.
    public var description: String {
        let detail = self.detail.map { " (\($0))" } ?? ""
        return "\"\(text)\" is not a \(kind.rawValue)\(detail): use \(acceptedForms)"
    }

    private var detail: String? {
        switch (reason, kind) {
        case (.malformed, _): nil
        case (.lowercaseByteSymbol, _): "write B for bytes, or bit for bits as in Mbit/s"
        case (.fractional, .duration): "finer than a nanosecond"
        case (.fractional, _): "not a whole number of bytes"
        case (.tooLarge, .size): "more than \(Int64.max) bytes"
        case (.tooLarge, .duration): "longer than \(Int64.max) nanoseconds"
        case (.tooLarge, .rate): "too large"
        case (.notPositive, _): "it must be more than zero"
        }
    }

    private var acceptedForms: String {
        switch kind {
        case .size:
            "a byte count or a number with KB, MB, GB, KiB, MiB or GiB (e.g. 4096, 10MB, 1.5GiB)"
        case .rate:
            "a number of bytes per second or a number with B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s, "
                + "GiB/s, kbit/s, Mbit/s or Gbit/s (e.g. 1MB/s, 100Mbit/s, 512KiB/s)"
        case .duration:
            "a number of milliseconds or a number with us, ms or s (e.g. 200, 1.5s, 500us)"
        }
    }
}
