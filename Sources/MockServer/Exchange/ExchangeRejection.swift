import NetworkCore

/// A request the machine (or the driver) refuses, and the text to answer it with.
struct ExchangeRejection: Equatable {
    let status: Int
    let message: String
    /// The request head, when it was parsed.
    let head: HTTPRequestHead?
    /// When that head was complete, if it was.
    let headAt: Instant?
}
