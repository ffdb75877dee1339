extension Fault {
    /// What a ``malformed`` fault sends before closing: a status line whose code is not a
    /// number, then a header line holding a NUL byte, then the blank line.
    ///
    /// Clients fail on the status line (curl 7.88 exits 1, "Unsupported HTTP version in
    /// response"; Python's http.client raises BadStatusLine); the NUL line also defeats parsers
    /// lenient about the status line (curl exits 8, "Nul byte in header").
    public static let malformedResponse: [UInt8] =
        Array("HTTP/1.1 ??? MALFORMED\r\n".utf8) + [0x00, 0xFF] + Array("\r\n\r\n".utf8)
}
