import NetworkCore

/// A failure MockServer injects into a response, named by its spec (`reset-after:1MB`).
///
/// The same names work in Swift, in a request's query (`?fault=reset-after:1MB`), in
/// `PUT /_lab/faults` and in `lab serve --fault`. ``description`` is the canonical spec, which
/// ``init(spec:)`` parses back to an equal value. Say when a fault fires with ``FaultRule``.
///
/// ```swift
/// let fault = try Fault(spec: "truncate-after:64KiB")   // .truncateAfter(bytes: 65_536)
/// print(fault)                                         // truncate-after:64KiB
/// ```
public enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// Answers with status `CODE` and a short body instead of the resource (`status:503`).
    ///
    /// Codes are 200...599: a 1xx is an interim response, after which a client keeps waiting
    /// for the real one (use `stall-after` for a hang). 2xx and 3xx are allowed, to test clients
    /// that trust the status without checking the body.
    case status(Int)
    /// Resets the connection (RST) before any response byte (`reset`).
    case reset
    /// Sends the head and `bytes` body bytes, then resets the connection (`reset-after:1MB`).
    case resetAfter(bytes: Int64)
    /// Closes the connection cleanly without a byte: the client sees an empty reply (`close`).
    case close
    /// Announces the full `Content-Length`, sends `bytes` body bytes, then closes cleanly
    /// (`truncate-after:1MB`).
    case truncateAfter(bytes: Int64)
    /// Sends `bytes` body bytes, then nothing more, keeping the connection open (`stall-after:0`).
    case stallAfter(bytes: Int64)
    /// Sends ``malformedResponse``, which is not HTTP, then closes (`malformed`).
    case malformed
    /// Sends the full 200 response with `count` bytes flipped, at the same positions in every
    /// response for the URL (``corruptionPositions(count:bodyLength:seed:method:url:)``; `corrupt:16`).
    /// `count` is 1 to 65,536 (``maxCorruptedBytes``).
    case corrupt(count: Int)
    /// Sends the body in `bytes`-byte pieces with `delay` between them (`slice:64KiB,10ms`).
    /// `bytes` is at least 1; `delay` is from 0 to a day.
    case slice(bytes: Int, delay: Duration)

    /// The spec's name (`"reset-after"`), for per-kind counters.
    public var kind: String {
        switch self {
        case .status: "status"
        case .reset: "reset"
        case .resetAfter: "reset-after"
        case .close: "close"
        case .truncateAfter: "truncate-after"
        case .stallAfter: "stall-after"
        case .malformed: "malformed"
        case .corrupt: "corrupt"
        case .slice: "slice"
        }
    }

    /// The canonical spec: sizes in the largest unit that divides them exactly (`1MB`, `64KiB`,
    /// `1500`), delays in `s`, `ms` or `us` (rounded down to whole microseconds).
    public var description: String {
        switch self {
        case .status(let code): "status:\(code)"
        case .resetAfter(let bytes), .truncateAfter(let bytes), .stallAfter(let bytes):
            "\(kind):\(Self.format(bytes: bytes))"
        case .corrupt(let count): "corrupt:\(count)"
        case .slice(let bytes, let delay): "slice:\(Self.format(bytes: Int64(bytes))),\(Self.format(delay))"
        case .reset, .close, .malformed: kind
        }
    }

    /// Parses a spec such as `status:503`, `reset-after:1MB` or `slice:64KiB,10ms`.
    ///
    /// Throws ``FaultSpecError/invalidFault(spec:reason:)``, listing the valid forms, for an
    /// unknown name, a missing or extra value, or a value out of range (see ``validate()``).
    public init(spec: String) throws(FaultSpecError) {
        let colon = spec.firstIndex(of: ":")
        let name = String(spec[..<(colon ?? spec.endIndex)])
        let value = colon.map { String(spec[spec.index(after: $0)...]) }
        func invalid(_ reason: String? = nil) -> FaultSpecError { .invalidFault(spec: spec, reason: reason) }

        switch (name, value) {
        case ("reset", nil): self = .reset
        case ("close", nil): self = .close
        case ("malformed", nil): self = .malformed
        case ("status", let value?):
            guard let code = Int(value) else { throw invalid("CODE must be a number like 503") }
            self = .status(code)
        case ("reset-after", let value?): self = .resetAfter(bytes: try Self.size(value, invalid))
        case ("truncate-after", let value?): self = .truncateAfter(bytes: try Self.size(value, invalid))
        case ("stall-after", let value?): self = .stallAfter(bytes: try Self.size(value, invalid))
        case ("corrupt", let value?):
            guard let count = Int(value) else { throw invalid("N must be a whole number of bytes to flip") }
            self = .corrupt(count: count)
        case ("slice", let value?):
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw invalid("slice takes SIZE,DELAY like slice:64KiB,10ms") }
            let bytes = try Self.size(String(parts[0]), invalid)
            guard let pieceBytes = Int(exactly: bytes) else { throw invalid("SIZE is too large") }
            let delay: Duration
            do { delay = try Duration(parsing: String(parts[1])) } catch { throw invalid("\(error)") }
            self = .slice(bytes: pieceBytes, delay: delay)
        case ("reset", _?), ("close", _?), ("malformed", _?):
            throw invalid("\(name) takes no value")
        default:
            if let example = Self.examples[name] { throw invalid("\(name) needs a value, like \(example)") }
            throw invalid()
        }
        if let reason = problem { throw invalid(reason) }
    }

    /// The most bytes `corrupt:N` flips. The positions are drawn on the event loop for each
    /// response, in memory proportional to N: a request asking for a billion would stall every
    /// connection for minutes and exhaust memory, and integrity checks fail on one flipped byte.
    public static let maxCorruptedBytes = 65_536

    /// Checks the values: status 200...599, sizes ≥ 0, corrupt count 1...65,536, slice size ≥ 1
    /// and slice delay from 0 to a day (``LinkProfile/maximumDelay``).
    ///
    /// ``init(spec:)`` always validates; call this for faults built in Swift before serving them.
    public func validate() throws(FaultSpecError) {
        if let reason = problem { throw .invalidFault(spec: description, reason: reason) }
    }

    private var problem: String? {
        switch self {
        case .status(let code) where !(200...599).contains(code):
            (100...199).contains(code)
                ? "CODE must be 200...599: a 1xx is not a final response" : "CODE must be 200...599"
        case .resetAfter(let bytes), .truncateAfter(let bytes), .stallAfter(let bytes):
            bytes < 0 ? "SIZE must be 0 or more" : nil
        case .corrupt(let count) where count < 1 || count > Self.maxCorruptedBytes:
            "N must be 1 to \(Self.maxCorruptedBytes)"
        case .slice(let bytes, _) where bytes < 1: "SIZE must be 1 or more"
        case .slice(_, let delay) where delay < .zero || delay > LinkProfile.maximumDelay:
            "DELAY must be from 0 to 24h (86400s)"
        default: nil
        }
    }

    private static let examples = [
        "status": "status:503", "reset-after": "reset-after:1MB", "truncate-after": "truncate-after:1MB",
        "stall-after": "stall-after:0", "corrupt": "corrupt:16", "slice": "slice:64KiB,10ms",
    ]

    private static func size(_ text: String, _ invalid: (String) -> FaultSpecError) throws(FaultSpecError) -> Int64 {
        do { return try ByteCount(parsing: text).bytes } catch { throw invalid("\(error)") }
    }

    private static let byteUnits: [(name: String, scale: Int64)] = [
        ("GiB", 1 << 30), ("GB", 1_000_000_000), ("MiB", 1 << 20), ("MB", 1_000_000), ("KiB", 1 << 10), ("KB", 1_000),
    ]

    private static func format(bytes: Int64) -> String {
        let unit = byteUnits.first { bytes != 0 && bytes % $0.scale == 0 }
        return unit.map { "\(bytes / $0.scale)\($0.name)" } ?? "\(bytes)"
    }

    private static func format(_ delay: Duration) -> String {
        let micros = delay.nanoseconds / 1_000
        if micros != 0 && micros % 1_000_000 == 0 { return "\(micros / 1_000_000)s" }
        if micros % 1_000 == 0 { return "\(micros / 1_000)ms" }
        return "\(micros)us"
    }
}
