/// A request the server is answering now: its head and body are in, and its response has not
/// ended yet, so the journal does not list it. See ``MockServer/inFlight()``.
///
/// ```swift
/// // a download held by `fault=stall-after:64KiB` shows up here, without polling sockets
/// let stalled = await server.inFlight().filter { $0.stage == .stalled }
/// ```
public struct InFlightExchange: Sendable, Equatable {
    /// Where the response is.
    public enum Stage: String, Sendable {
        /// Before the response starts: the link's latency, a route's handler, a digest.
        case waiting
        /// The head or the body is going out.
        case sending
        /// A `stall-after` fault holds the response: nothing more will be sent.
        case stalled
    }

    /// The id its journal entry will have.
    public var id: Int
    /// The connection it came on, as the journal numbers them.
    public var connection: Int
    /// The request method, as sent.
    public var method: String
    /// The path, still percent-encoded.
    public var path: String
    /// The query string, without the `?`, if the request had one.
    public var query: String?
    /// The response status, once the response has started.
    public var status: Int?
    /// Body bytes sent so far.
    public var bytesSent: Int64
    /// When the request head was complete, since the server started (as the journal's `start`).
    public var start: Duration
    /// Where the exchange stands: waiting to start, sending, or stalled by a fault.
    public var stage: Stage
    /// The injected fault, as `fault=` spells it, if one applies.
    public var fault: String?
}

extension InFlightExchange {
    /// As the dashboard's `tick` event lists it: the journal entry's keys it has so far, and
    /// `stage`.
    var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "id": id, "connection": connection, "method": method, "path": path,
            "bytesSent": bytesSent, "start": start.seconds, "stage": stage.rawValue,
        ]
        if let query { object["query"] = query }
        if let status { object["status"] = status }
        if let fault { object["fault"] = fault }
        return object
    }
}
