/// How long each phase of an exchange took, in milliseconds (`entries[].timings`); -1 for a
/// phase that did not apply or is unknown (only the optional ones).
public struct HARTimings: Codable, Sendable, Hashable {
    /// Waiting in a queue for a connection.
    public var blocked: Double?
    /// Resolving the host name.
    public var dns: Double?
    /// Opening the TCP connection (TLS included).
    public var connect: Double?
    /// Sending the request.
    public var send: Double
    /// Waiting for the first byte of the response: what `--replay-timing recorded` waits.
    public var wait: Double
    /// Reading the response: how long `--replay-timing recorded` takes to send the body.
    public var receive: Double
    /// The TLS handshake (included in `connect`).
    public var ssl: Double?

    /// Timings; leave a phase nil when it is unknown.
    public init(blocked: Double? = nil, dns: Double? = nil, connect: Double? = nil, send: Double, wait: Double, receive: Double, ssl: Double? = nil) {
        self.blocked = blocked
        self.dns = dns
        self.connect = connect
        self.send = send
        self.wait = wait
        self.receive = receive
        self.ssl = ssl
    }

    /// The sum of the phases that are known (`ssl` is inside `connect`): an entry's `time`.
    public var total: Double {
        [blocked, dns, connect, send, wait, receive].compactMap { $0 }.filter { $0 >= 0 }.reduce(0, +)
    }

    private enum CodingKeys: String, CodingKey {
        case blocked, dns, connect, send, wait, receive, ssl
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        blocked = try container.decodeIfPresent(Double.self, forKey: .blocked)
        dns = try container.decodeIfPresent(Double.self, forKey: .dns)
        connect = try container.decodeIfPresent(Double.self, forKey: .connect)
        send = try container.decodeIfPresent(Double.self, forKey: .send) ?? 0
        wait = try container.decodeIfPresent(Double.self, forKey: .wait) ?? 0
        receive = try container.decodeIfPresent(Double.self, forKey: .receive) ?? 0
        ssl = try container.decodeIfPresent(Double.self, forKey: .ssl)
    }

    /// Writes the HAR 1.2 fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Unknown phases are left out, as the spec allows (-1 would claim they did not apply).
        for (key, value) in [(CodingKeys.blocked, blocked), (.dns, dns), (.connect, connect), (.ssl, ssl)] {
            try container.encodeIfPresent(value.map(Self.rounded), forKey: key)
        }
        try container.encode(Self.rounded(send), forKey: .send)
        try container.encode(Self.rounded(wait), forKey: .wait)
        try container.encode(Self.rounded(receive), forKey: .receive)
    }

    /// Milliseconds to the microsecond: more digits would only be noise in the file.
    static func rounded(_ milliseconds: Double) -> Double {
        (milliseconds * 1000).rounded() / 1000
    }
}
