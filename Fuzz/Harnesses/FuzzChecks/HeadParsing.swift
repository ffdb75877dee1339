import NetworkCore

/// What parsing the start of some bytes as a message head gave.
package enum HeadParsing<Head: Equatable>: Equatable {
    /// A complete head and its length in bytes.
    case head(Head, consumed: Int)
    /// The parser refused the bytes.
    case failed(HTTPParseError)
    /// Not refused, not complete: more bytes are needed.
    case incomplete

    /// Small limits, so that short fuzz inputs reach them.
    package static var fuzzLimits: HTTPLimits { HTTPLimits(maxRequestLine: 512, maxHeaderBytes: 2048, maxHeaderCount: 24) }
    /// Limits no re-serialized head of a fuzz input reaches.
    package static var roomyLimits: HTTPLimits { HTTPLimits(maxRequestLine: 1 << 20, maxHeaderBytes: 1 << 22, maxHeaderCount: 1 << 16) }

    /// Parses `input` as a server reads a socket, the bytes so far each time `step` more have
    /// arrived, and traps unless that gives exactly what parsing it whole gives: how the bytes
    /// are cut into reads must never change what the parser decides.
    package static func checked(
        _ input: UnsafeRawBufferPointer, step: Int, limits: HTTPLimits,
        _ parse: (inout HTTPHeadParser, UnsafeRawBufferPointer) throws(HTTPParseError) -> (Head, Int)?
    ) -> HeadParsing {
        var whole = HTTPHeadParser(limits: limits)
        let once = run(&whole, input, parse)
        var pieces = HTTPHeadParser(limits: limits)
        var inPieces = HeadParsing.incomplete
        var end = 0
        while end < input.count, inPieces == .incomplete {
            end = min(input.count, end + step)
            inPieces = run(&pieces, UnsafeRawBufferPointer(rebasing: input[..<end]), parse)
        }
        invariant(once == inPieces, "whole: \(once), in pieces of \(step): \(inPieces)")
        if case .head(_, let consumed) = once {
            invariant(consumed > 0 && consumed <= input.count, "consumed \(consumed) of \(input.count) bytes")
        }
        return once
    }

    private static func run(
        _ parser: inout HTTPHeadParser, _ bytes: UnsafeRawBufferPointer,
        _ parse: (inout HTTPHeadParser, UnsafeRawBufferPointer) throws(HTTPParseError) -> (Head, Int)?
    ) -> HeadParsing {
        do throws(HTTPParseError) {
            guard let (head, consumed) = try parse(&parser, bytes) else { return .incomplete }
            return .head(head, consumed: consumed)
        } catch {
            return .failed(error)
        }
    }
}
