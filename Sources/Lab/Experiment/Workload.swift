/// What each job of an experiment does.
enum Workload: String, Sendable, Hashable, CaseIterable {
    /// Download a payload from the mock server and check every byte: I/O-bound, mostly waiting.
    case download
    /// SHA-256 a payload held in memory: CPU-bound, no waiting at all.
    case hash
}
