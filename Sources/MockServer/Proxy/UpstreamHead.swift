import NetworkCore

/// What ``UpstreamConnection/readHead(method:deadline:interim:)`` read: the final response
/// head, when its first byte came, and the bytes of the heads read (interim ones included).
struct UpstreamHead: Sendable {
    let head: HTTPResponseHead
    let firstByte: Instant
    let size: Int
}
