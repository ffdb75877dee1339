/// Percent-decoding of URI components (RFC 3986 §2.1).
package enum PercentEncoding {
    private static let plus = UInt8(ascii: "+")
    private static let percent = UInt8(ascii: "%")

    /// `encoded` with each `%XX` replaced by its byte, and `+` by a space when `plusAsSpace`
    /// (form encoding, as in query strings). Nil if a `%` is not followed by two hex digits or
    /// the bytes are not UTF-8. `%00` decodes to NUL: callers that cannot hold one must refuse it.
    ///
    /// ```swift
    /// PercentEncoding.decode("caf%C3%A9")                  // "café"
    /// PercentEncoding.decode("a+b", plusAsSpace: true)     // "a b"
    /// PercentEncoding.decode("100%")                       // nil
    /// ```
    package static func decode(_ encoded: String, plusAsSpace: Bool = false) -> String? {
        // A path or value with nothing to decode (nearly all) is returned as it is. This
        // overload is not generic, so callers in other modules scan concrete UTF-8 here
        // instead of going through an unspecialized `StringProtocol` for every request path.
        guard encoded.utf8.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else { return encoded }
        return decode(encoded[...], plusAsSpace: plusAsSpace)
    }

    /// `encoded` decoded as the `String` overload above decodes it.
    package static func decode(_ encoded: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        let utf8 = encoded.utf8
        guard utf8.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            return String(encoded)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            switch byte {
            case percent:
                guard index != utf8.endIndex, let high = HTTPSyntax.hexValue(utf8[index]) else { return nil }
                index = utf8.index(after: index)
                guard index != utf8.endIndex, let low = HTTPSyntax.hexValue(utf8[index]) else { return nil }
                index = utf8.index(after: index)
                bytes.append(UInt8(high << 4 | low))
            case plus where plusAsSpace:
                bytes.append(HTTPSyntax.space)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
