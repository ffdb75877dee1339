/// Where a response body's bytes come from: the deterministic payload, a fixture file, bytes
/// in memory, a handler's stream (and, later, an upstream connection or a recording).
///
/// The connection asks a source what it has at an offset, copies from it, and waits when it
/// has nothing yet; latency, pacing, slicing, corruption and cuts apply the same to every
/// source. Large bodies are produced piece by piece while sending, so serving 10 GB needs no
/// more memory than serving 10 KB. *Loop only*, unless a source says otherwise (the digest
/// queue reads payloads and files).
protocol BodySource: AnyObject {
    /// The length, announced as `Content-Length`; nil when the body ends only when the source
    /// does (sent chunked, or until the connection closes).
    var length: Int64? { get }

    /// What the source has from body offset `offset` on: bytes ready now (at most that many in
    /// one piece), nothing yet (call ``whenReady(_:)``), or its end.
    func readiness(at offset: Int64) -> BodyReadiness

    /// Copies body bytes from `offset` into `buffer`, no more than `readiness(at:)` said were
    /// ready; returns how many it copied (fewer only when a file shrank under us).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int

    /// Calls `resume` on the event loop once more is ready (or the source ended), after
    /// `readiness` answered `.waiting`. Only the latest `resume` is called, once.
    func whenReady(_ resume: @escaping () -> Void)

    /// The response no longer needs the source (it ended, failed, or its client left).
    func cancel()

    /// A key naming these exact bytes for the digest cache, or nil when the bytes are not
    /// known before they are sent.
    var digestKey: String? { get }
}

/// What a body source has at an offset.
enum BodyReadiness: Equatable {
    /// This many bytes can be read now.
    case ready(Int)
    /// Nothing yet: the source will resume the connection.
    case waiting
    /// The source has nothing more.
    case ended
}

/// Sources whose bytes are all there from the start.
protocol StaticBodySource: BodySource {
    var size: Int64 { get }
}

extension StaticBodySource {
    var length: Int64? { size }

    func readiness(at offset: Int64) -> BodyReadiness {
        offset < size ? .ready(Int(min(size - offset, Int64(Int.max)))) : .ended
    }

    func whenReady(_ resume: @escaping () -> Void) {}

    func cancel() {}
}
