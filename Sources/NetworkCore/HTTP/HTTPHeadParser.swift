/// Parses HTTP/1.1 request and response heads from bytes that arrive in arbitrary pieces.
///
/// Pass the bytes received so far for the current message, from its first byte; the parser
/// returns nil until the head is complete, remembering how far it has read so that a head
/// trickling in byte by byte is still read once. Once it returns a head, the next message
/// (pipelined) starts at `consumed`, and the parser is ready for it.
///
/// ```swift
/// var parser = HTTPHeadParser(limits: .default)
/// while true {
///     buffer += try socket.read()
///     if let (head, consumed) = try buffer.withUnsafeBytes({ try parser.parseRequest($0) }) {
///         buffer.removeFirst(consumed)
///         ...
///     }
/// }
/// ```
///
/// Rules, from RFC 9112 where it leaves a choice:
/// - Empty lines before the start line are skipped (§2.2); they count towards `maxHeaderBytes`.
/// - A bare LF ends a line like CRLF (§2.2); a bare CR anywhere else is refused.
/// - The request line has exactly one space between its three parts (§3), a token method, and
///   a target of visible ASCII.
/// - A status line is `HTTP/x.y SP 3DIGIT` then `SP reason`, which may be empty or missing.
/// - HTTP/1.0 and HTTP/1.1 are accepted, and a later HTTP/1.x is read as HTTP/1.1 (RFC 9110
///   §2.5); another major version, an HTTP/2 preface included, is `unsupportedVersion`.
/// - An HTTP/1.1 request has exactly one `Host` field, an HTTP/1.0 one at most (§3.2).
/// - Folded lines (obs-fold) and whitespace before a field's colon are refused (§5.1, §5.2).
/// - Field values lose their surrounding spaces and tabs and may not hold control bytes;
///   bytes that are not UTF-8 (obs-text) are read as U+FFFD.
/// - Each limit applies as soon as the bytes received exceed it, before the line ends.
/// - A parse error leaves the parser undefined: answer it and close the connection.
package struct HTTPHeadParser: Sendable {
    /// The limits applied to every head this parser reads.
    package let limits: HTTPLimits
    /// Bytes of the current message already read; the next call resumes here.
    private var scanned = 0
    /// Where the line being read begins.
    private var lineStart = 0
    private var startLine: StartLine?
    private var headers = HeaderFields()

    private enum StartLine: Sendable {
        case request(RequestMethod, String, HTTPVersion)
        case response(HTTPVersion, Int, String)
    }

    /// A parser waiting for the first byte of a message.
    package init(limits: HTTPLimits = .default) {
        self.limits = limits
    }

    /// The request head at the start of `buffer` and its length in bytes, or nil if `buffer`
    /// does not hold all of it yet. Call again with the same bytes and more.
    package mutating func parseRequest(
        _ buffer: UnsafeRawBufferPointer
    ) throws(HTTPParseError) -> (head: HTTPRequestHead, consumed: Int)? {
        guard let (line, headers, consumed) = try scan(buffer, isRequest: true),
            case .request(let method, let target, let version) = line
        else { return nil }
        let hosts = headers.values(for: "Host")
        guard hosts.count <= 1, version != .http1_1 || hosts.count == 1, hosts.allSatisfy({ $0.utf8.allSatisfy(HTTPSyntax.isHostByte) }) else {
            throw .invalidHost
        }
        return (HTTPRequestHead(method: method, target: target, version: version, headers: headers), consumed)
    }

    /// The response head at the start of `buffer` and its length in bytes, or nil if `buffer`
    /// does not hold all of it yet. A 1xx head is returned like any other: the final response
    /// follows it.
    package mutating func parseResponse(
        _ buffer: UnsafeRawBufferPointer
    ) throws(HTTPParseError) -> (head: HTTPResponseHead, consumed: Int)? {
        guard let (line, headers, consumed) = try scan(buffer, isRequest: false),
            case .response(let version, let status, let reason) = line
        else { return nil }
        return (HTTPResponseHead(status: status, reason: reason, version: version, headers: headers), consumed)
    }

    /// Reads the lines of `buffer` not read yet; returns the head once its empty line is read.
    private mutating func scan(
        _ buffer: UnsafeRawBufferPointer,
        isRequest: Bool
    ) throws(HTTPParseError) -> (StartLine, HeaderFields, Int)? {
        if buffer.count < scanned {  // not the bytes of the last call: start over
            self = HTTPHeadParser(limits: limits)
        }
        while true {
            // The line must end before `limit`, or the limit it stands for is exceeded.
            let (limit, overflow) = currentLimit(isRequest: isRequest)
            guard let newline = Self.firstNewline(in: buffer, from: scanned, before: min(buffer.count, limit)) else {
                if buffer.count >= limit { throw overflow }
                scanned = buffer.count
                return nil
            }
            var end = newline
            if end > lineStart && buffer[end - 1] == HTTPSyntax.cr { end -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<end])
            scanned = newline + 1
            lineStart = scanned

            if let start = startLine {
                if line.isEmpty {
                    headers.releaseUnusedCapacity()
                    let head = (start, headers, scanned)
                    self = HTTPHeadParser(limits: limits)
                    return head
                }
                guard headers.count < limits.maxHeaderCount else { throw .tooManyHeaders }
                let (name, value) = try Self.parseField(line)
                headers.add(name, value)
            } else if !line.isEmpty {
                startLine = isRequest ? try Self.parseRequestLine(line) : try Self.parseStatusLine(line)
                headers.reserveCapacity(16)
            }
        }
    }

    /// The offset before which the current line must end, and the error if it does not: the
    /// nearer of the request-line limit (while reading a request line) and the head limit.
    private func currentLimit(isRequest: Bool) -> (Int, HTTPParseError) {
        let headLimit = limits.maxHeaderBytes
        if isRequest && startLine == nil {
            let (lineLimit, overflowed) = lineStart.addingReportingOverflow(limits.maxRequestLine)
            if !overflowed && lineLimit <= headLimit { return (lineLimit, .requestLineTooLong) }
        }
        return (headLimit, .headersTooLarge)
    }

    private static func firstNewline(in buffer: UnsafeRawBufferPointer, from start: Int, before end: Int) -> Int? {
        var index = start
        // Eight bytes at a time while none is a LF: `word` has a zero byte where a LF was, and
        // (w - 0x01…) & ~w & 0x80… is non-zero exactly when w has a zero byte.
        while index + 8 <= end {
            let word = buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < end {
            if buffer[index] == HTTPSyntax.lf { return index }
            index += 1
        }
        return nil
    }

    /// `method SP request-target SP HTTP-version`
    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> StartLine {
        var index = 0
        while index < line.count && line[index] != HTTPSyntax.space {
            guard HTTPSyntax.isToken(line[index]) else { throw .malformedStartLine }
            index += 1
        }
        let methodEnd = index
        guard methodEnd > 0, methodEnd < line.count else { throw .malformedStartLine }
        index += 1
        let targetStart = index
        while index < line.count && line[index] != HTTPSyntax.space {
            guard HTTPSyntax.isTargetByte(line[index]) else { throw .malformedStartLine }
            index += 1
        }
        guard index > targetStart, index < line.count else { throw .malformedStartLine }
        let version = try parseVersion(UnsafeRawBufferPointer(rebasing: line[(index + 1)...]))
        return .request(
            RequestMethod(rawValue: string(line, 0..<methodEnd)),
            string(line, targetStart..<index),
            version
        )
    }

    /// `HTTP-version SP status-code [SP reason-phrase]`
    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> StartLine {
        guard let space = line.firstIndex(of: HTTPSyntax.space) else { throw .malformedStartLine }
        let version = try parseVersion(UnsafeRawBufferPointer(rebasing: line[..<space]))
        let codeEnd = space + 4
        guard codeEnd <= line.count, line[space + 1] != UInt8(ascii: "0") else { throw .malformedStartLine }
        var status = 0
        for byte in line[(space + 1)..<codeEnd] {
            guard HTTPSyntax.isDigit(byte) else { throw .malformedStartLine }
            status = status * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        guard codeEnd == line.count || line[codeEnd] == HTTPSyntax.space else { throw .malformedStartLine }
        let reasonStart = min(codeEnd + 1, line.count)
        guard line[reasonStart...].allSatisfy(HTTPSyntax.isFieldByte) else { throw .malformedStartLine }
        return .response(version, status, string(line, reasonStart..<line.count))
    }

    /// `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3): HTTP/1.0, or HTTP/1.1 for any later 1.x, which RFC
    /// 9110 §2.5 says to read as the highest minor version implemented; another major version
    /// is unsupported (505), and anything else (`HTTP/1.10`, `HTTP/2`) is malformed (400).
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8, HTTPSyntax.hasPrefix(bytes, "HTTP/"), HTTPSyntax.isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."),
              HTTPSyntax.isDigit(bytes[7]) else { throw .malformedStartLine }
        guard bytes[5] == UInt8(ascii: "1") else { throw .unsupportedVersion }
        return bytes[7] == UInt8(ascii: "0") ? .http1_0 : .http1_1
    }

    /// `field-name ":" OWS field-value OWS`
    private static func parseField(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (String, String) {
        var colon = 0
        while colon < line.count && line[colon] != HTTPSyntax.colon {
            guard HTTPSyntax.isToken(line[colon]) else { throw .malformedHeader }
            colon += 1
        }
        guard colon > 0, colon < line.count else { throw .malformedHeader }
        var start = colon + 1
        var end = line.count
        while start < end && HTTPSyntax.isWhitespace(line[start]) { start += 1 }
        while end > start && HTTPSyntax.isWhitespace(line[end - 1]) { end -= 1 }
        var index = start
        while index < end {
            guard HTTPSyntax.isFieldByte(line[index]) else { throw .malformedHeader }
            index += 1
        }
        return (string(line, 0..<colon), string(line, start..<end))
    }

    private static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
