import NetworkCore

/// Checks shared by the request and response harnesses, trapping (so that libFuzzer reports a
/// crash) when an invariant breaks.
package enum BodyChecks {
    /// Decodes `input` as a chunked body whole and in pieces of `step` bytes; traps unless both
    /// give the same body, the same end and the same error, or if the decoder reads past the
    /// body's end or hands over more bytes than it was given.
    package static func chunked(_ input: UnsafeRawBufferPointer, step: Int) {
        let whole = decode([input])
        let pieces = stride(from: 0, to: input.count, by: step).map {
            UnsafeRawBufferPointer(rebasing: input[$0..<min(input.count, $0 + step)])
        }
        let inPieces = decode(pieces)
        invariant(whole == inPieces, "whole: \(whole), in pieces of \(step): \(inPieces)")
        invariant(whole.body.count <= input.count && whole.consumed <= input.count)
    }

    private struct Decoded: Equatable {
        var body: [UInt8] = []
        var consumed = 0
        var complete = false
        var error: HTTPParseError?
    }

    private static func decode(_ pieces: [UnsafeRawBufferPointer]) -> Decoded {
        var decoder = ChunkedDecoder(maxLineLength: 256)
        var result = Decoded()
        for piece in pieces where !decoder.isComplete {
            do throws(HTTPParseError) {
                let consumed = try decoder.decode(piece) { result.body += $0 }
                invariant(consumed <= piece.count)
                invariant(consumed == piece.count || decoder.isComplete, "stopped early without completing")
                result.consumed += consumed
            } catch {
                // Where the bad byte was depends on nothing but the bytes; what earlier pieces
                // consumed does, so it is not compared.
                result.error = error
                result.consumed = 0
                return result
            }
        }
        result.complete = decoder.isComplete
        return result
    }

    /// The body framing, with its invariants.
    package static func framing(_ decide: () throws(HTTPParseError) -> BodyFraming) -> BodyFraming? {
        do throws(HTTPParseError) {
            let framing = try decide()
            if case .contentLength(let length) = framing { invariant(length >= 0) }
            return framing
        } catch {
            return nil
        }
    }
}
