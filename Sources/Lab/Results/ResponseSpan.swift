/// One response as the server's journal saw it, in seconds from the first request of its run:
/// awaited from `start` until `firstByte`, then arriving until `end`. Where a run's time went.
struct ResponseSpan: Sendable {
    var start: Double
    /// Nil when no byte of the response left (a reset before its head).
    var firstByte: Double?
    var end: Double
}
