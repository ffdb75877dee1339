import Foundation

/// What to download: an `http://` URL, a method (`GET` or `HEAD`) and extra header fields.
///
/// The client manages `Host`, `Connection`, `Range`, `If-Range` and `Want-Repr-Digest`
/// itself; a request's own values for them are replaced. Requests carry no body.
///
/// ```swift
/// var request = DownloadRequest(url: URL(string: "http://127.0.0.1:8080/bytes/10MB")!)
/// request.headers.add("Accept", "application/octet-stream")
/// let result = try await client.download(request)
/// ```
public struct DownloadRequest: Sendable, Hashable {
    /// The resource; only `http://` URLs can be downloaded.
    public var url: URL
    /// `GET` (the default) or `HEAD`.
    public var method: RequestMethod
    /// Fields added to those the client sends; a `User-Agent` here replaces the configured one.
    public var headers: HeaderFields

    /// A request for `url`.
    public init(url: URL, method: RequestMethod = .get, headers: HeaderFields = [:]) {
        self.url = url
        self.method = method
        self.headers = headers
    }
}
