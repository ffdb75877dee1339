import NetworkCore

/// Reads one HTTP/1.1 response from bytes arriving in arbitrary pieces: skips interim (1xx)
/// heads, parses the final head, and hands over the body with its framing removed.
///
/// Each ``read(_:)`` takes the bytes of one socket read and returns the body bytes in them as
/// one range of the same buffer: chunk framing is squeezed out in place, so the caller stores
/// the body with one write and nothing is copied on the common `Content-Length` path.
///
/// ```swift
/// var reader = ResponseReader(requestMethod: .get)
/// let count = try socket.read(into: buffer)
/// let (head, body) = try reader.read(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
/// store(buffer[body])
/// if reader.isComplete { ... }
/// ```
struct ResponseReader {
    /// The method of the request being answered: a HEAD response has no body.
    let requestMethod: RequestMethod
    /// The final (non-1xx) head, once read.
    private(set) var head: HTTPResponseHead?
    /// How the body is delimited, once the head is read.
    private(set) var framing: BodyFraming?
    /// Whether the whole response has been read.
    private(set) var isComplete = false
    /// Whether bytes arrived after the end of the response: the connection cannot be reused.
    private(set) var hasTrailingBytes = false
    /// Bytes of the response received so far, head included.
    private(set) var bytesReceived: Int64 = 0

    private var parser = HTTPHeadParser(limits: HTTPLimits(maxHeaderBytes: 64 * 1024))
    /// The start of a head split across reads; empty when the head starts in the next read.
    private var pendingHead: [UInt8] = []
    private var remaining: Int64 = 0
    private var chunked = ChunkedDecoder()

    /// A reader for the response to a `requestMethod` request.
    init(requestMethod: RequestMethod) {
        self.requestMethod = requestMethod
    }

    /// Reads the next bytes of the connection; returns the final head if it was completed by
    /// them, and where the body bytes in `input` are (rewritten in place when chunked).
    mutating func read(_ input: UnsafeMutableRawBufferPointer) throws(DownloadError) -> (head: HTTPResponseHead?, body: Range<Int>) {
        bytesReceived += Int64(input.count)
        var start = 0
        var completedHead: HTTPResponseHead?
        if head == nil {
            guard let (final, bodyStart) = try parseHeads(UnsafeRawBufferPointer(input)) else { return (nil, 0..<0) }
            completedHead = final
            start = bodyStart
        }
        guard !isComplete else {
            hasTrailingBytes = hasTrailingBytes || start < input.count
            return (completedHead, start..<start)
        }
        let body = try readBody(UnsafeMutableRawBufferPointer(rebasing: input[start...]))
        return (completedHead, (start + body.lowerBound)..<(start + body.upperBound))
    }

    /// The connection reached end of stream: completes a body delimited by the close, and
    /// reports whether the response is complete.
    mutating func finish() -> Bool {
        if framing == .untilClose { isComplete = true }
        return isComplete
    }

    /// Parses heads from the start of `input`, skipping 1xx ones; returns the final head and
    /// the offset in `input` where its body starts, or nil when the head is still incomplete.
    private mutating func parseHeads(_ input: UnsafeRawBufferPointer) throws(DownloadError) -> (HTTPResponseHead, Int)? {
        var start = 0
        while true {
            let parsed: (head: HTTPResponseHead, consumed: Int)?
            let tail = UnsafeRawBufferPointer(rebasing: input[start...])
            do {
                if pendingHead.isEmpty {
                    parsed = try parser.parseResponse(tail)
                    if parsed == nil { pendingHead.append(contentsOf: tail) }
                } else {
                    pendingHead.append(contentsOf: tail)
                    parsed = try pendingHead.withUnsafeBytes { try parser.parseResponse($0) }
                }
            } catch let error as HTTPParseError {
                throw .malformedResponse(error.description)
            } catch {
                throw .malformedResponse("\(error)")
            }
            guard let (head, consumed) = parsed else { return nil }
            // The head ended in `input`: whatever followed it in the parsed bytes is the tail of `input`.
            let bodyStart = pendingHead.isEmpty ? start + consumed : input.count - (pendingHead.count - consumed)
            pendingHead.removeAll()
            start = bodyStart
            if (100..<200).contains(head.status) { continue }
            try begin(head)
            return (head, start)
        }
    }

    /// Decides the framing of the final head's body.
    private mutating func begin(_ head: HTTPResponseHead) throws(DownloadError) {
        let framing: BodyFraming
        do {
            framing = try BodyFraming.response(head, requestMethod: requestMethod)
        } catch {
            throw .malformedResponse(error.description)
        }
        self.head = head
        self.framing = framing
        switch framing {
        case .none, .contentLength(0): isComplete = true
        case .contentLength(let length): remaining = length
        case .chunked, .untilClose: break
        }
    }

    /// Takes the body bytes from `input`; returns their range in `input`.
    private mutating func readBody(_ input: UnsafeMutableRawBufferPointer) throws(DownloadError) -> Range<Int> {
        switch framing {
        case .contentLength:
            let count = Int(min(remaining, Int64(input.count)))
            remaining -= Int64(count)
            if remaining == 0 {
                isComplete = true
                hasTrailingBytes = count < input.count
            }
            return 0..<count
        case .chunked:
            var length = 0
            let consumed: Int
            do {
                consumed = try chunked.decode(UnsafeRawBufferPointer(input)) { piece in
                    // Pieces come in order and never before `length`, so moving them down is safe.
                    if let from = piece.baseAddress, let to = input.baseAddress, from != to + length {
                        (to + length).copyMemory(from: from, byteCount: piece.count)
                    }
                    length += piece.count
                }
            } catch {
                throw .malformedResponse(error.description)
            }
            if chunked.isComplete {
                isComplete = true
                hasTrailingBytes = consumed < input.count
            }
            return 0..<length
        case .untilClose:
            return 0..<input.count
        case .some(.none), nil:
            return 0..<0
        }
    }
}
