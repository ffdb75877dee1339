/// An error toxiproxy's API answers with: its message and status, sent as
/// `{"error": MESSAGE, "status": STATUS}` as toxiproxy 2.x does.
struct ToxiproxyError: Error, Sendable, CustomStringConvertible {
    var message: String
    var status: Int

    init(_ message: String, _ status: Int) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    // toxiproxy's own messages, word for word: clients match on them.
    static func badRequestBody(_ detail: String) -> ToxiproxyError { ToxiproxyError("bad request body: \(detail)", 400) }
    static func missingField(_ field: String) -> ToxiproxyError { ToxiproxyError("missing required field: \(field)", 400) }
    static let proxyNotFound = ToxiproxyError("proxy not found", 404)
    static let proxyAlreadyExists = ToxiproxyError("proxy already exists", 409)
    static let invalidStream = ToxiproxyError("stream was invalid, can be either upstream or downstream", 400)
    static let invalidToxicType = ToxiproxyError("invalid toxic type", 400)
    static let toxicAlreadyExists = ToxiproxyError("toxic already exists", 409)
    static let toxicNotFound = ToxiproxyError("toxic not found", 404)
}
