import NetworkCore

/// The byte stream an ``UpstreamConnection`` writes requests to and reads responses from: the
/// TCP socket itself, or a layer on it that `lab` supplies through
/// ``MockServer/Upstream/transport`` (TLS for https:// upstreams, which this library must not
/// link). Everything above it, parsing, the keep-alive pool, backpressure, is the same either way.
package protocol UpstreamTransport: AnyObject, Sendable {
    /// Opens the layer on a connected socket, within `deadline` (a TLS handshake): how
    /// ``MockServer/Upstream/transport`` is given.
    typealias Opener = @Sendable (_ socket: AsyncSocket, _ deadline: Instant) async throws(UpstreamTransportError) -> any UpstreamTransport

    /// Up to `count` bytes as soon as there are some (waiting past no deadline when it is nil);
    /// empty at the end of the stream. One read and one write may run at the same time (a
    /// request body still going up while the response head comes down), never two of either.
    func read(upTo count: Int, deadline: Instant?) async throws(UpstreamTransportError) -> [UInt8]
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], deadline: Instant?) async throws(UpstreamTransportError)
    /// Closes the connection; safe to call more than once, and from any thread.
    func close()
    /// Whether an idle connection can no longer carry a request: the upstream closed it, or
    /// sent bytes nobody asked for.
    var isStale: Bool { get }
}
