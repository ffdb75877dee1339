// A plain fault where rules are expected: `setFaults([.reset])` and
// `.init(faults: [.status(503)])` name these, as an array literal of rules looks up its
// elements' leading-dot names on `FaultRule`. Each is the fault firing on every request;
// chain ``FaultRule/rate(_:)``, ``FaultRule/first(_:)`` or ``FaultRule/retryAfter(_:)``.
extension FaultRule {
    /// A rule answering every request with status `code` (``Fault/status(_:)``).
    public static func status(_ code: Int) -> FaultRule { FaultRule(.status(code)) }
    /// A rule resetting every connection before any response byte (``Fault/reset``).
    public static var reset: FaultRule { FaultRule(.reset) }
    /// A rule resetting after `bytes` body bytes (``Fault/resetAfter(bytes:)``).
    public static func resetAfter(bytes: Int64) -> FaultRule { FaultRule(.resetAfter(bytes: bytes)) }
    /// A rule closing every connection without a byte (``Fault/close``).
    public static var close: FaultRule { FaultRule(.close) }
    /// A rule closing cleanly after `bytes` body bytes (``Fault/truncateAfter(bytes:)``).
    public static func truncateAfter(bytes: Int64) -> FaultRule { FaultRule(.truncateAfter(bytes: bytes)) }
    /// A rule sending `bytes` body bytes, then nothing (``Fault/stallAfter(bytes:)``).
    public static func stallAfter(bytes: Int64) -> FaultRule { FaultRule(.stallAfter(bytes: bytes)) }
    /// A rule answering with bytes that are not HTTP (``Fault/malformed``).
    public static var malformed: FaultRule { FaultRule(.malformed) }
    /// A rule flipping `count` body bytes (``Fault/corrupt(count:)``).
    public static func corrupt(count: Int) -> FaultRule { FaultRule(.corrupt(count: count)) }
    /// A rule sending the body in `bytes`-byte pieces, `delay` apart (``Fault/slice(bytes:delay:)``).
    public static func slice(bytes: Int, delay: Duration) -> FaultRule { FaultRule(.slice(bytes: bytes, delay: delay)) }
}
