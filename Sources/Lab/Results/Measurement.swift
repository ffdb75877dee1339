/// One run of one mode: what was measured from its first request (or job) to its last byte.
struct Measurement: Sendable {
    /// Wall time on the monotonic clock.
    var seconds: Double
    /// Jobs that finished with every byte verified.
    var completed: Int
    /// Bytes received and verified (or hashed).
    var bytes: Int64
    /// One line per job that failed after its retries.
    var failures: [String]
    /// Extra attempts the clients made (retries after faults).
    var retries: Int
    /// Whether a stop (Ctrl-C) cut the run short.
    var interrupted: Bool
    /// Every response of the run, from the server's journal (downloads only).
    var responses: [ResponseSpan] = []
    /// CPU time (user and system) the lab process used during the run, on all its threads,
    /// the in-process server's included: how much of the wall time a core was busy.
    var cpuSeconds: Double?

    /// Seconds from each request's arrival at the server to its first response byte: where
    /// waiting went.
    var serverFirstByte: [Double] {
        responses.compactMap { response in response.firstByte.map { $0 - response.start } }
    }

    /// Seconds from the first request's arrival at the server to the end of the last
    /// response: the server's view of the run, to tell its time from the client's.
    var serverSeconds: Double? {
        guard let first = responses.map(\.start).min(), let last = responses.map(\.end).max() else { return nil }
        return last - first
    }
}
