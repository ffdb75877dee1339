import Foundation

/// A completed, verified download.
public struct DownloadResult: Sendable {
    /// The URL the body came from, after redirects.
    public var url: URL
    /// The response that delivered the end of the body.
    public var response: DownloadResponse
    /// The size of the body, resumed bytes included.
    public var bytes: Int64
    /// The body, for ``DownloadDestination/memory``; nil otherwise.
    public var body: [UInt8]?
    /// The file written, for ``DownloadDestination/file(_:)``; nil otherwise.
    public var file: URL?
    /// Where the time went.
    public var timings: DownloadTimings
    /// Attempts made, the first included (a stale kept-alive connection retried at once on a
    /// fresh one does not count).
    public var attempts: Int
    /// Whether part of the body came from a resumed request (`Range`, answered 206).
    public var resumed: Bool
    /// Whether the server sent a `Repr-Digest: sha-256` and the body matched it. A call that
    /// resumes from bytes an earlier call left can verify them only with
    /// ``ClientConfiguration/requestDigest`` on (which hashes them when the call starts).
    public var digestVerified: Bool

    /// A result from its parts.
    public init(
        url: URL, response: DownloadResponse, bytes: Int64, body: [UInt8]? = nil, file: URL? = nil,
        timings: DownloadTimings, attempts: Int, resumed: Bool, digestVerified: Bool
    ) {
        self.url = url
        self.response = response
        self.bytes = bytes
        self.body = body
        self.file = file
        self.timings = timings
        self.attempts = attempts
        self.resumed = resumed
        self.digestVerified = digestVerified
    }
}
