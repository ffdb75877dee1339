import Foundation

/// One request and its response in a HAR file (`log.entries[]`), with when it started and how
/// long each phase took.
public struct HAREntry: Codable, Sendable, Hashable {
    /// When the request started, ISO 8601 with milliseconds (`2026-12-06T02:20:52.123Z`).
    public var startedDateTime: String
    /// The whole exchange in milliseconds: the sum of the timings that are not -1.
    public var time: Double
    /// The request.
    public var request: HARRequest
    /// The response.
    public var response: HARResponse
    /// How long each phase took.
    public var timings: HARTimings
    /// The server's address, when known.
    public var serverIPAddress: String?
    /// Which connection carried the request (any unique ID), when known.
    public var connection: String?
    /// The page the request belongs to, as the file's exporter grouped it.
    public var pageref: String?

    /// An entry; `time` is the sum of `timings`.
    public init(
        started: Date, request: HARRequest, response: HARResponse, timings: HARTimings,
        serverIPAddress: String? = nil, connection: String? = nil
    ) {
        startedDateTime = HAREntry.timestamp(started)
        time = timings.total
        self.request = request
        self.response = response
        self.timings = timings
        self.serverIPAddress = serverIPAddress
        self.connection = connection
    }

    private enum CodingKeys: String, CodingKey {
        case startedDateTime, time, request, response, cache, timings, serverIPAddress, connection, pageref
    }

    /// Reads the fields HAR defines, tolerating what real exporters leave out; `_`-prefixed fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        request = try container.decode(HARRequest.self, forKey: .request)
        response = try container.decode(HARResponse.self, forKey: .response)
        startedDateTime = try container.decodeIfPresent(String.self, forKey: .startedDateTime) ?? ""
        time = try container.decodeIfPresent(Double.self, forKey: .time) ?? 0
        timings = try container.decodeIfPresent(HARTimings.self, forKey: .timings) ?? HARTimings(send: 0, wait: 0, receive: 0)
        serverIPAddress = try container.decodeIfPresent(String.self, forKey: .serverIPAddress)
        connection = try container.decodeIfPresent(String.self, forKey: .connection)
        pageref = try container.decodeIfPresent(String.self, forKey: .pageref)
    }

    /// Writes the HAR 1.2 fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startedDateTime, forKey: .startedDateTime)
        try container.encode(HARTimings.rounded(time), forKey: .time)
        try container.encode(request, forKey: .request)
        try container.encode(response, forKey: .response)
        // Required by the spec; nothing here knows of a cache, which `{}` says.
        _ = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .cache)
        try container.encode(timings, forKey: .timings)
        try container.encodeIfPresent(serverIPAddress, forKey: .serverIPAddress)
        try container.encodeIfPresent(connection, forKey: .connection)
        try container.encodeIfPresent(pageref, forKey: .pageref)
    }

    /// `date` as HAR writes it: ISO 8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000 - (milliseconds % 1000 < 0 ? 1 : 0))
        let millis = (milliseconds % 1000 + 1000) % 1000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// When the entry started, for sorting: nil when `startedDateTime` is not ISO 8601.
    var startedAt: Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: startedDateTime) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: startedDateTime)
    }
}
