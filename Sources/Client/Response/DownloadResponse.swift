/// The status and header fields of the response that delivered a download's body (after any
/// redirects; a `206` when the last attempt resumed).
public struct DownloadResponse: Sendable, Hashable {
    /// The status code, such as 200 or 206.
    public var status: Int
    /// The header fields, in the order received.
    public var headers: HeaderFields

    /// A response with `status` and `headers`.
    public init(status: Int, headers: HeaderFields = [:]) {
        self.status = status
        self.headers = headers
    }
}
