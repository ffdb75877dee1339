/// Decodes a chunked body (RFC 9112 §7.1) from bytes that arrive in arbitrary pieces.
///
/// Feed it each piece as it arrives; it hands over the body bytes it finds as slices of that
/// piece, with no copy, and consumes every byte of the piece (keeping whatever state a
/// half-read size line needs) until the body ends. The body ends after the last chunk and
/// its trailer section; the bytes after it belong to the next message.
///
/// ```swift
/// var decoder = ChunkedDecoder()
/// let consumed = try decoder.decode(received) { body.append(contentsOf: $0) }
/// if decoder.isComplete { pipelined = received[consumed...] }
/// ```
///
/// Chunk extensions are ignored and trailer fields are read and discarded. Line endings must
/// be CRLF: unlike in a head, a bare LF is refused, since lenient chunk parsing is a classic
/// request-smuggling vector. Chunk sizes must fit in `Int`.
package struct ChunkedDecoder: Sendable {
    /// The longest chunk-size line (size and extensions) or trailer line, in bytes, without
    /// its CRLF.
    package let maxLineLength: Int
    private var state = State.size
    /// The chunk size being read, then the bytes of the chunk still to come.
    private var remaining = 0
    /// Bytes of the current size or trailer line read so far.
    private var lineLength = 0

    private enum State: Sendable {
        case size, sizeWhitespace, chunkExtension, sizeLF
        case data, dataCR, dataLF
        case trailerStart, trailerLine, trailerLF, endLF
        case complete
    }

    /// A decoder at the start of a chunked body.
    package init(maxLineLength: Int = 4096) {
        self.maxLineLength = maxLineLength
    }

    /// Whether the last chunk and the trailer section have been read.
    package var isComplete: Bool { state == .complete }

    /// Reads `input`, calling `body` with each run of body bytes in it, in order; returns the
    /// bytes consumed, which is all of `input` unless the body ended inside it.
    package mutating func decode(
        _ input: UnsafeRawBufferPointer,
        body: (UnsafeRawBufferPointer) -> Void
    ) throws(HTTPParseError) -> Int {
        var index = 0
        while index < input.count && state != .complete {
            if state == .data {
                let count = min(remaining, input.count - index)
                body(UnsafeRawBufferPointer(rebasing: input[index..<(index + count)]))
                index += count
                remaining -= count
                if remaining == 0 { state = .dataCR }
            } else {
                try advance(input[index])
                index += 1
            }
        }
        return index
    }

    /// Moves the framing state machine over one byte outside chunk data.
    private mutating func advance(_ byte: UInt8) throws(HTTPParseError) {
        let cr = HTTPSyntax.cr
        switch state {
        case .size, .sizeWhitespace, .chunkExtension, .trailerLine:
            guard byte == cr || lineLength < maxLineLength else { throw .malformedChunk }
            lineLength += 1
        default:
            break
        }
        switch state {
        case .size:
            if let digit = HTTPSyntax.hexValue(byte) {
                guard remaining <= Int.max >> 4 else { throw .malformedChunk }
                remaining = remaining << 4 | digit
                return
            }
            guard lineLength > 1 else { throw .malformedChunk }  // no digit yet
            try endSize(byte)
        case .sizeWhitespace:
            try endSize(byte)
        case .chunkExtension:
            if byte == cr {
                state = .sizeLF
            } else {
                guard HTTPSyntax.isFieldByte(byte) else { throw .malformedChunk }
            }
        case .sizeLF:
            guard byte == HTTPSyntax.lf else { throw .malformedChunk }
            lineLength = 0
            state = remaining == 0 ? .trailerStart : .data
        case .dataCR:
            guard byte == cr else { throw .malformedChunk }
            state = .dataLF
        case .dataLF:
            guard byte == HTTPSyntax.lf else { throw .malformedChunk }
            state = .size
        case .trailerStart, .trailerLine:
            if byte == cr {
                state = state == .trailerStart ? .endLF : .trailerLF
            } else {
                guard HTTPSyntax.isFieldByte(byte) else { throw .malformedChunk }
                if state == .trailerStart { lineLength = 1 }
                state = .trailerLine
            }
        case .trailerLF:
            guard byte == HTTPSyntax.lf else { throw .malformedChunk }
            lineLength = 0
            state = .trailerStart
        case .endLF:
            guard byte == HTTPSyntax.lf else { throw .malformedChunk }
            state = .complete
        case .data, .complete:
            preconditionFailure("decode(_:body:) handles data and stops when complete")
        }
    }

    /// After the size digits: optional whitespace, then extensions or the CR.
    private mutating func endSize(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case HTTPSyntax.space, HTTPSyntax.tab: state = .sizeWhitespace
        case UInt8(ascii: ";"): state = .chunkExtension
        case HTTPSyntax.cr: state = .sizeLF
        default: throw .malformedChunk
        }
    }
}
