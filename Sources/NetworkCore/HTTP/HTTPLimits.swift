/// Size limits on a message head, so that a peer cannot make the parser buffer without bound.
///
/// Each limit counts line endings: a request line of `maxRequestLine` bytes includes its CRLF,
/// and a head of `maxHeaderBytes` bytes includes every line of it, the final empty line and
/// any empty lines before the start line.
package struct HTTPLimits: Sendable, Hashable {
    /// The longest request line, in bytes; longer ones get 414. Not applied to status lines.
    package var maxRequestLine: Int
    /// The largest whole head, in bytes; larger ones get 431.
    package var maxHeaderBytes: Int
    /// The most header fields; more get 431.
    package var maxHeaderCount: Int

    /// Limits in bytes and fields; each must be positive.
    package init(maxRequestLine: Int = 8192, maxHeaderBytes: Int = 32768, maxHeaderCount: Int = 100) {
        self.maxRequestLine = maxRequestLine
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// 8 KiB request line, 32 KiB head, 100 fields.
    package static let `default` = HTTPLimits()
}
