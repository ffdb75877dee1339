/// Where a forwarded request's body comes from: the client's connection as it arrives
/// (``RequestBodyStream``) or bytes already in memory (``BytesRequestBody``).
///
/// The request-side counterpart of ``BodySource``: whoever carries the body on (a proxy's
/// upstream leg) pulls pieces at its own pace, and the source reads the client no faster than
/// that, so nothing piles up between the two. A pull that finds nothing waits until the event
/// loop hands more over: no timer, no polling.
protocol RequestBodySource: Sendable {
    /// The body's length when the client announced one (`Content-Length`); nil for a chunked body.
    var length: Int64? { get }

    /// The next piece of the body, decoded from its framing; nil at its end. Throws when the
    /// client broke the body off (it left, sent a malformed chunk, or went silent).
    func next() async throws(RequestBodyError) -> [UInt8]?

    /// The body is no longer wanted (the upstream answered or failed first): stop reading it.
    func cancel()

    /// Starts the body again from its first byte, for a retry on a new connection; false when
    /// the pieces already taken are gone (a stream).
    func rewind() -> Bool
}

/// Why a request body could not be read to its end.
struct RequestBodyError: Error, Equatable, CustomStringConvertible {
    /// What happened to the body, for the journal and the 502's text.
    let reason: String

    var description: String { reason }
}
