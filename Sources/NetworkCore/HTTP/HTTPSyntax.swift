/// The byte classes of the HTTP/1.1 grammar (RFC 9110 §5.6, RFC 9112), shared by the parsers
/// and the serializers so that every part of the HTTP layer agrees on what a token is.
enum HTTPSyntax {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let crlf: [UInt8] = [cr, lf]

    /// Appends `value` in decimal, without building a `String` on the way: every response
    /// head writes its status this way.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// `tchar`: the bytes of methods, header names and transfer-coding names: ALPHA, DIGIT and
    /// ``!#$%&'*+-.^_`|~``, as a 128-bit set (bytes 0-63, then 64-127).
    static func isToken(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        return byte < 64 ? (low >> byte) & 1 == 1 : byte < 128 && (high >> (byte &- 64)) & 1 == 1
    }

    /// Optional whitespace (`OWS`): space or horizontal tab.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// A byte allowed inside a field value or a reason phrase: HTAB, SP, VCHAR, obs-text.
    /// Every other control byte, bare CR and LF included, is refused.
    static func isFieldByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// A byte allowed in a request-target: visible ASCII only (no space, control or non-ASCII).
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    /// A byte of a `Host` value (`uri-host [":" port]`, RFC 3986): unreserved, sub-delims,
    /// `%` for escapes, `:` and the brackets of an IP literal.
    static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: ":"), UInt8(ascii: "["),
            UInt8(ascii: "]"):
            true
        default: false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// ASCII case-insensitive equality, as HTTP compares names and tokens.
    static func equalsIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where lowercased(a[index]) != lowercased(b[index]) {
            return false
        }
        return true
    }

    /// ASCII case-insensitive equality of two strings, on their contiguous UTF-8.
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var (a, b) = (a, b)
        return a.withUTF8 { a in b.withUTF8 { b in equalsIgnoringCase(a, b) } }
    }

    /// The bytes of a literal.
    static func bytes(_ literal: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    /// `bytes` without leading and trailing optional whitespace.
    static func trimmed<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> C.SubSequence {
        var slice = bytes[...]
        while let first = slice.first, isWhitespace(first) { slice.removeFirst() }
        while let last = slice.last, isWhitespace(last) { slice.removeLast() }
        return slice
    }

    /// Calls `body` with each element of the comma-separated list `value` (`#element`),
    /// trimmed, empty ones skipped.
    static func forEachListElement(in value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: comma) ?? bytes.count
                let element = trimmed(bytes[start..<end])
                if !element.isEmpty { body(UnsafeBufferPointer(rebasing: element)) }
                start = end + 1
            }
        }
    }

    /// Whether `bytes` starts with `literal`.
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let literal = Self.bytes(literal)
        return bytes.count >= literal.count && bytes.prefix(literal.count).elementsEqual(literal)
    }

    /// Appends `text` for a head being serialized, turning CR, LF and NUL into spaces so that
    /// no value can end a line early and smuggle in a header or a second message.
    static func appendSafely(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // Almost every value is clean: one scan, then one copy (a byte-by-byte append was
            // the server's busiest function of its own at 40,000 requests a second).
            guard bytes.contains(where: { $0 == cr || $0 == lf || $0 == 0 }) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                out.append(byte == cr || byte == lf || byte == 0 ? space : byte)
            }
        }
    }
}
