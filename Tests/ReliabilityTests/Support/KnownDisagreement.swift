/// A place where the server and h11 read the same bytes differently and RFC 9112 (or RFC
/// 9110, which it builds on) allows the server's reading. The randomized test accepts a
/// difference only when one of these explains it, and counts how often each did.
enum KnownDisagreement: String, CaseIterable, Sendable {
    /// RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD
    /// ignore at least one empty line (CRLF) received prior to the request-line". h11 refuses
    /// them; the oracle skips them before asking h11, and counts each request that had some.
    case leadingEmptyLines
    /// RFC 9112 §2.3 and RFC 9110 §15.6.6: a server answers 505 to a request whose major
    /// version it does not support (`HTTP/2.0`, `HTTP/9.9`); h11 calls the line illegal.
    case unsupportedVersion
    /// RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does
    /// not understand SHOULD respond with 501 (Not Implemented)"; h11 raises a protocol error.
    case unknownTransferCoding
    /// RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any
    /// HTTP/1.1 request message that lacks a Host header field and to any request message that
    /// contains more than one Host header field line or a Host header field with an invalid
    /// field value." h11 checks only that HTTP/1.1 has one.
    case invalidHost
    /// RFC 9112 §3 and §3.2: the request-target follows RFC 3986 (no space, `"`, `<`, `>`,
    /// `\`, `^`, backquote, `{`, `|`, `}`, control or non-ASCII bytes, no `#`, and `%` only
    /// before two hex digits); "a recipient of an invalid request-line SHOULD respond with a
    /// 400". h11 takes any visible bytes.
    case invalidTarget
    /// RFC 9112 §5 and RFC 9110 §5.5: a field value is visible characters, SP and HTAB (and
    /// obs-text); other control characters make it invalid, and a server may refuse it with 400.
    /// h11 takes any byte but NUL, CR and LF.
    case controlInFieldValue
    /// RFC 9112 §6.3: a request with both Transfer-Encoding and Content-Length "ought to be
    /// handled as an error" (it is how requests are smuggled); the server refuses it with 400,
    /// h11 lets Transfer-Encoding win.
    case contentLengthWithTransferEncoding
    /// RFC 9110 §8.6: "a recipient MUST anticipate potentially large decimal numerals and
    /// prevent parsing errors due to integer conversion overflows"; the server takes a
    /// Content-Length beyond 2^63 - 1 as invalid, and RFC 9112 §6.3 has an invalid one
    /// answered with 400. h11's integers have no bound.
    case contentLengthOverflow
    /// RFC 9112 §7.1.1: a chunk extension is `;` token [`=` token or quoted-string]; the
    /// server refuses a chunk line whose extension holds control characters, h11 skips
    /// extensions unread.
    case invalidChunkExtension
    /// RFC 9112 §7.1.2: "A recipient that removes the chunked coding from a message MAY
    /// selectively retain or discard the received trailer fields." The server discards them
    /// unread; h11 refuses a malformed one.
    case trailerFieldsDiscarded
    /// RFC 9112 §2.2: "a recipient of such a bare CR MUST consider that element to be invalid
    /// or replace each bare CR with SP"; the server refuses it, h11 may not have read that far.
    case bareCR
    /// RFC 9110 §15.5.1 and RFC 3986 §2.5: percent-encoding leaves the character set to the
    /// application; this server's query parameters are UTF-8, and it refuses a query whose
    /// percent-decoded bytes are not (400), which h11 does not look into.
    case queryNotUTF8
    /// RFC 9112 §9.3 and Appendix C.2.2: an HTTP/1.0 client may ask for a persistent
    /// connection with `Connection: keep-alive`, which the server honours; h11 always closes
    /// after an HTTP/1.0 request.
    case keepAliveForHTTP10

    static let all = allCases

    /// The rule, with its section.
    var rule: String {
        switch self {
        case .leadingEmptyLines: "empty lines before the request-line are ignored (RFC 9112 §2.2)"
        case .unsupportedVersion: "505 for a major version other than 1 (RFC 9112 §2.3, RFC 9110 §15.6.6)"
        case .unknownTransferCoding: "501 for a transfer coding other than chunked (RFC 9112 §6.1)"
        case .invalidHost: "400 for a missing, repeated or invalid Host (RFC 9112 §3.2)"
        case .invalidTarget: "400 for a request-target outside RFC 3986 (RFC 9112 §3, §3.2)"
        case .controlInFieldValue: "400 for a control character in a field value (RFC 9112 §5, RFC 9110 §5.5)"
        case .keepAliveForHTTP10: "HTTP/1.0 with Connection: keep-alive stays open (RFC 9112 §9.3, C.2.2)"
        case .contentLengthWithTransferEncoding: "400 for Content-Length with Transfer-Encoding (RFC 9112 §6.3)"
        case .contentLengthOverflow: "400 for a Content-Length beyond 2^63 - 1 (RFC 9110 §8.6, RFC 9112 §6.3)"
        case .invalidChunkExtension: "400 for a control character in a chunk extension (RFC 9112 §7.1.1)"
        case .trailerFieldsDiscarded: "trailer fields discarded unread (RFC 9112 §7.1.2)"
        case .bareCR: "400 for a bare CR (RFC 9112 §2.2)"
        case .queryNotUTF8: "400 for a query that is not UTF-8 once percent-decoded (RFC 9110 §15.5.1, RFC 3986 §2.5)"
        }
    }

    /// The server refused (`status`) a request h11 accepts.
    func explainsRefusal(_ status: Int, of request: H11Oracle.Request, sent: [UInt8]) -> Bool {
        switch self {
        case .unsupportedVersion:
            return status == 505 && Self.majorVersion(requestLine(request, sent)).map { $0 != 1 } == true
        case .unknownTransferCoding:
            return status == 501 && request.header("transfer-encoding").contains { $0.lowercased() != "chunked" }
        case .invalidHost:
            let hosts = request.header("host")
            return status == 400 && (hosts.count > 1 || (request.version == "1.1" && hosts.isEmpty) || hosts.contains { !Self.isValidHost($0) })
        case .invalidTarget:
            return status == 400 && !Self.isValidTarget(request.targetBytes)
        case .controlInFieldValue:
            return status == 400 && (request.headers ?? []).contains { $0.last?.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F } == true }
        case .contentLengthWithTransferEncoding:
            return status == 400 && !request.header("content-length").isEmpty && !request.header("transfer-encoding").isEmpty
        case .contentLengthOverflow:
            return status == 400 && request.header("content-length").contains { value in
                let digits = value.trimmingCharacters(in: .whitespaces)
                return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) && Int64(digits) == nil
            }
        case .invalidChunkExtension:
            return status == 400 && request.header("transfer-encoding").contains { $0.lowercased() == "chunked" }
                && Self.chunkExtensionHasControl(sent[(request.headEnd ?? sent.count)...])
        case .bareCR:
            return status == 400 && Self.hasBareCR(sent[request.start...])
        case .queryNotUTF8:
            let target = request.targetBytes
            guard status == 400, let question = target.firstIndex(of: UInt8(ascii: "?")) else { return false }
            return Self.percentDecoded(target[(question + 1)...]).map { String(validating: $0, as: UTF8.self) == nil } ?? false
        case .leadingEmptyLines, .keepAliveForHTTP10, .trailerFieldsDiscarded:
            return false
        }
    }

    /// The server answered (or refused with another status) where h11 rejects the request or
    /// finds it incomplete.
    func explainsAcceptance(_ answer: OracleCheck.Answer, of request: H11Oracle.Request, sent: [UInt8]) -> Bool {
        let line = requestLine(request, sent)
        switch self {
        case .unsupportedVersion:
            // The server reads the version first, so it answers 505 whatever follows.
            return answer == .refused(505) && Self.majorVersion(line).map { $0 != 1 } == true
        case .unknownTransferCoding:
            guard answer == .refused(501) else { return false }
            let head = Self.lines(sent[(request.start + (request.skipped ?? 0))...]).prefix { !$0.isEmpty }
            return head.dropFirst().contains { field in
                let text = String(decoding: field, as: UTF8.self).lowercased()
                guard text.hasPrefix("transfer-encoding:") else { return false }
                return text.dropFirst(18).trimmingCharacters(in: .whitespaces) != "chunked"
            }
        case .trailerFieldsDiscarded:
            // h11 read the head and refused a line after the chunked body: a trailer field.
            return answer != .none && request.method != nil && request.error?.hasPrefix("illegal header line") == true
                && request.header("transfer-encoding").contains { $0.lowercased() == "chunked" }
        case .bareCR:
            return answer == .refused(400) && Self.hasBareCR(sent[request.start...])
        default:
            return false
        }
    }

    /// The server read another request after one h11 would close the connection on.
    func explainsReadingOn(_ request: H11Oracle.Request) -> Bool {
        self == .keepAliveForHTTP10 && request.version == "1.0"
            && request.header("connection").contains { $0.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "keep-alive" } }
    }

    // MARK: - The grammar, from the RFCs

    private func requestLine(_ request: H11Oracle.Request, _ sent: [UInt8]) -> [UInt8] {
        Array(Self.lines(sent[(request.start + (request.skipped ?? 0))...]).first ?? [])
    }

    /// Lines without their CRLF (or bare LF).
    private static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
    }

    /// The major version of a request line ending in `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3).
    private static func majorVersion(_ line: [UInt8]) -> Int? {
        guard line.count >= 8 else { return nil }
        let version = Array(line.suffix(8))
        let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
        guard Array(version.prefix(5)) == Array("HTTP/".utf8), isDigit(version[5]), version[6] == UInt8(ascii: "."), isDigit(version[7]),
              line.count == 8 || line[line.count - 9] == UInt8(ascii: " ") else { return nil }
        return Int(version[5] - 48)
    }

    /// RFC 3986 §2: unreserved, gen-delims but `#`, sub-delims, and `%` before two hex digits.
    private static func isValidTarget(_ target: [UInt8]) -> Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?[]@!$&'()*+,;=".utf8)
        var index = 0
        while index < target.count {
            if target[index] == UInt8(ascii: "%") {
                guard index + 2 < target.count, isHex(target[index + 1]), isHex(target[index + 2]) else { return false }
                index += 3
            } else {
                guard allowed.contains(target[index]) else { return false }
                index += 1
            }
        }
        return !target.isEmpty
    }

    /// RFC 9110 §7.2 and RFC 3986 §3.2.2: `uri-host [ ":" port ]`, a reg-name or an IP literal.
    private static func isValidHost(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var host = bytes[...]
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")), !bytes.contains(UInt8(ascii: "]")) || colon > bytes.lastIndex(of: UInt8(ascii: "]"))! {
            guard bytes[(colon + 1)...].allSatisfy({ (48...57).contains($0) }) else { return false }
            host = bytes[..<colon]
        }
        if host.first == UInt8(ascii: "[") { return host.last == UInt8(ascii: "]") }
        let regName = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%".utf8)
        return host.allSatisfy { regName.contains($0) }
    }

    /// Walks a chunked body (RFC 9112 §7.1): whether a chunk line's extension holds a control
    /// character.
    private static func chunkExtensionHasControl(_ body: ArraySlice<UInt8>) -> Bool {
        var position = body.startIndex
        while position < body.endIndex {
            guard let lineEnd = body[position...].firstIndex(of: UInt8(ascii: "\n")) else { return false }
            let line = body[position..<lineEnd]
            let digits = line.prefix { isHex($0) }
            guard !digits.isEmpty, let size = Int(String(decoding: digits.prefix(15), as: UTF8.self), radix: 16) else { return false }
            let extensions = line.dropFirst(digits.count)
            if extensions.dropLast(extensions.last == UInt8(ascii: "\r") ? 1 : 0).contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) { return true }
            if size == 0 { return false }
            position = lineEnd + 1 + size + 2
        }
        return false
    }

    private static func hasBareCR(_ bytes: ArraySlice<UInt8>) -> Bool {
        zip(bytes, bytes.dropFirst() + [0]).contains { $0 == UInt8(ascii: "\r") && $1 != UInt8(ascii: "\n") }
    }

    /// `%XX` decoded (RFC 3986 §2.1), `+` left as is; nil for a `%` without two hex digits.
    private static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]),
                      let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) else { return nil }
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
