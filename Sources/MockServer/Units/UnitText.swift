/// A quantity as the lab writes it: decimal digits, optionally a point and more digits, then
/// a unit, with nothing else (`4096`, `1.5GB`, `100Mbit/s`, `200ms`).
///
/// Shared by the size, rate and duration parsers so the three read numbers and units alike.
struct UnitText {
    /// The text as given, and what it should be: for errors.
    let text: String
    let kind: UnitParseError.Kind
    /// The digits before the point.
    let whole: Substring
    /// The digits after the point (empty without one).
    let fraction: Substring
    /// Everything after the number.
    let unit: Substring

    /// Splits `text`, or throws if it does not start with a digit or has a point without digits
    /// on both sides.
    init(_ text: String, kind: UnitParseError.Kind) throws(UnitParseError) {
        self.text = text
        self.kind = kind
        let bytes = text.utf8
        let wholeEnd = bytes.firstIndex { !Self.isDigit($0) } ?? bytes.endIndex
        let rest = bytes[wholeEnd...]
        let point = rest.first == UInt8(ascii: ".")
        let fractionDigits = point ? rest.dropFirst().prefix(while: Self.isDigit) : rest.prefix(0)
        whole = Substring(bytes[..<wholeEnd])
        fraction = Substring(fractionDigits)
        unit = Substring(point ? rest[fractionDigits.endIndex...] : rest)
        guard !whole.isEmpty, !point || !fraction.isEmpty else { throw UnitParseError(text, kind, .malformed) }
    }

    /// The value of the unit written in the text, looked up in `units` (symbol and value).
    ///
    /// Letters match in either case, except that `B` (bytes) must be uppercase: `Mb` is
    /// megabits to many people, so the grammar spells bits `bit` and refuses a lowercase `b`.
    func lookUp<Value>(in units: KeyValuePairs<String, Value>) throws(UnitParseError) -> Value {
        func folded(_ byte: UInt8) -> UInt8 { byte | (byte >= 65 && byte <= 90 ? 0x20 : 0) }
        for (symbol, value) in units where symbol.utf8.count == unit.utf8.count {
            let pairs = zip(unit.utf8, symbol.utf8)
            if pairs.allSatisfy({ $1 == UInt8(ascii: "B") ? $0 == $1 : folded($0) == folded($1) }) { return value }
            if pairs.allSatisfy({ folded($0) == folded($1) }) { throw UnitParseError(text, kind, .lowercaseByteSymbol) }
        }
        throw UnitParseError(text, kind, .malformed)
    }

    /// The number times `multiplier`, exactly: fails if that is not a whole number or is
    /// beyond `Int64.max`.
    func scaled(by multiplier: Int64) throws(UnitParseError) -> Int64 {
        // A whole number that fits (`1KiB`, `250ms`: nearly every one) needs no digit array.
        if fraction.isEmpty, whole.utf8.count < 19, let number = Int64(whole) {
            let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { throw UnitParseError(text, kind, .tooLarge) }
            return product
        }
        // Schoolbook multiplication of the decimal digits (least significant first), so that
        // `0.5KiB` or `1.25ms` are exact whatever their length.
        var digits = (whole + fraction).utf8.reversed().map { UInt64($0 - UInt8(ascii: "0")) }
        var carry: UInt64 = 0
        for index in digits.indices {
            let product = digits[index] * UInt64(multiplier) + carry
            digits[index] = product % 10
            carry = product / 10
        }
        while carry > 0 {
            digits.append(carry % 10)
            carry /= 10
        }
        guard digits.prefix(fraction.count).allSatisfy({ $0 == 0 }) else { throw UnitParseError(text, kind, .fractional) }
        var result: Int64 = 0
        for digit in digits.dropFirst(fraction.count).reversed() {
            let (shifted, overflow) = result.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow, !carry else { throw UnitParseError(text, kind, .tooLarge) }
            result = sum
        }
        return result
    }

    /// The number as a `Double` (the nearest one).
    var value: Double {
        Double(fraction.isEmpty ? String(whole) : "\(whole).\(fraction)") ?? .infinity
    }

    /// `value / unit` in decimal, as in `1.5` or `200`, if it needs at most `maxFractionDigits`
    /// digits after the point.
    static func decimal(_ value: UInt64, over unit: UInt64, maxFractionDigits: Int) -> String? {
        var text = String(value / unit)
        var remainder = value % unit
        if remainder != 0 { text += "." }
        for _ in 0..<maxFractionDigits where remainder != 0 {
            remainder *= 10
            text += String(remainder / unit)
            remainder %= unit
        }
        return remainder == 0 ? text : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
