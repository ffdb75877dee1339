import NetworkCore

/// One request body being read: its framing (a `Content-Length` count or the chunked coding),
/// the size limit, and the bytes kept for the handler and the journal.
struct RequestBodyReader: Equatable {
    let head: HTTPRequestHead
    /// When the head was complete: the exchange's start in the journal.
    let headAt: Instant
    /// Body bytes still to come under `Content-Length`; nil for a chunked body.
    private(set) var remaining: Int64?
    private var decoder: ChunkedDecoder?
    /// Whether the handler (or the journal) wants the bytes; otherwise they are counted and dropped.
    let collect: Bool
    private(set) var collected: [UInt8] = []
    private(set) var received: Int64 = 0

    /// Why the body cannot be read on: the status and the text to refuse it with.
    struct Refusal: Error, Equatable {
        let status: Int
        let message: String
    }

    /// A body of exactly `length` bytes.
    init(head: HTTPRequestHead, headAt: Instant, length: Int64, collect: Bool) {
        self.head = head
        self.headAt = headAt
        self.collect = collect
        remaining = length
    }

    /// A chunked body.
    init(chunkedFor head: HTTPRequestHead, headAt: Instant, collect: Bool) {
        self.head = head
        self.headAt = headAt
        self.collect = collect
        decoder = ChunkedDecoder()
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.head == rhs.head && lhs.headAt == rhs.headAt && lhs.remaining == rhs.remaining && lhs.received == rhs.received
            && lhs.collected == rhs.collected && lhs.isComplete == rhs.isComplete
    }

    /// The bytes kept so far, handed over and forgotten (a streamed body's next piece).
    mutating func takeCollected() -> [UInt8] {
        defer { collected = [] }
        return collected
    }

    /// True once the whole body is read.
    var isComplete: Bool { remaining.map { $0 == 0 } ?? decoder?.isComplete ?? true }

    /// Reads body bytes from the start of `input`; returns how many it consumed (all of them
    /// unless the body ended inside), or refuses a malformed chunk or a body over `limit`.
    mutating func consume(_ input: UnsafeRawBufferPointer, limit: Int64) throws(Refusal) -> Int {
        if let remaining {
            let count = Int(min(Int64(input.count), remaining))
            if collect { collected.append(contentsOf: input[..<count]) }
            self.remaining = remaining - Int64(count)
            received += Int64(count)
            return count
        }
        guard var decoder else { return 0 }
        let consumed: Int
        do {
            consumed = try decoder.decode(input) { piece in
                received += Int64(piece.count)
                if collect && received <= limit { collected.append(contentsOf: piece) }
            }
        } catch {
            throw Refusal(status: 400, message: "\(error)")
        }
        self.decoder = decoder
        if received > limit {
            throw Refusal(status: 413, message: "request body is over the limit of \(limit) bytes")
        }
        return consumed
    }
}
