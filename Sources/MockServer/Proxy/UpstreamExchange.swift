import NetworkCore

/// A request sent upstream and the head of the response to it, with where the time went.
struct UpstreamExchange: Sendable {
    let connection: UpstreamConnection
    /// The request body on its way upstream, which may still go while the response comes.
    let writer: UpstreamRequestWriter
    let head: HTTPResponseHead
    /// Bytes of the response head (with any 1xx heads before it).
    let headSize: Int
    let requestHeadSize: Int
    /// Taking a connection from the pool.
    let blocked: Duration
    /// Opening a new connection; nil for a reused one.
    let connect: Duration?
    /// Writing the request.
    let send: Duration
    /// From the end of the request to the first response byte.
    let wait: Duration
    let firstByte: Instant
}
