import NetworkCore

extension WireConnection {
    /// Sends `request` on a new connection to `port`, half-closes it, and returns the first
    /// response (nil if the server closed without one) and how the connection ended.
    static func exchange(_ request: String, port: Int, readTimeout: Double = 10) throws -> (response: ReceivedResponses.Response?, end: End) {
        let connection = try WireConnection(port: port, readTimeout: readTimeout)
        connection.send(Array(request.utf8))
        connection.shutdownWrite()
        let (bytes, end) = connection.readToEnd()
        return (ReceivedResponses(bytes, methods: [.get]).responses.first, end)
    }
}
