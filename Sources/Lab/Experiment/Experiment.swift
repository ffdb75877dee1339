import MockServer

/// One experiment: the same jobs run in several modes, each measured and predicted.
///
/// Built in (``builtIn``) or read from a scenario file (``Scenario``); `lab run` flags may
/// change any field.
struct Experiment: Sendable {
    /// The name in results and folder names (`article`, or the scenario file's name).
    var name: String
    /// One line saying what it shows.
    var summary: String
    /// What each job does.
    var workload: Workload
    /// The emulated link (downloads only).
    var link: LinkProfile
    /// The preset `link` came from, if it is one unchanged.
    var linkName: String?
    /// Faults the server injects (downloads only).
    var faults: FaultPlan
    /// How many jobs each mode runs, 1 to ``maximumCount``.
    var count: Int
    /// The payload of each job.
    var size: ByteCount
    /// The modes compared; the first is the baseline of the speedups.
    var modes: [Mode]
    /// How many times each mode runs; results give the median, min and max.
    var repetitions: Int
    /// Seed for payloads, jitter and faults.
    var seed: UInt64

    /// The most jobs a mode may run. The model of a million downloads takes two seconds and
    /// 300 MB; a hundred million (a few zeros too many) took minutes and more memory than the
    /// machine had, and no real run of that many ends the same day.
    static let maximumCount = TransferPlan.maximumCount

    /// The jobs in one phrase, `10 × 1MB`, with `count` or `size` in place of the number a
    /// sweep varies (`count × 1MB`): the base's number would claim one the points do not run.
    func jobs(varying names: [String] = []) -> String {
        "\(names.contains("count") ? "count" : "\(count)") × \(names.contains("size") ? "size" : "\(size)")"
    }

    /// Checks what the types cannot: the message says which value to change.
    func validate() throws(Message) {
        guard (1...Self.maximumCount).contains(count) else { throw Message("count must be from 1 to \(Self.maximumCount), not \(count)") }
        guard size.bytes >= 0 else { throw Message("size must be at least 0 bytes") }
        guard !Int64(count).multipliedReportingOverflow(by: size.bytes).overflow else {
            throw Message("\(count) × \(size) is more bytes than a run can count (\(Int64.max)); use fewer or smaller payloads")
        }
        guard repetitions >= 1 else { throw Message("repeat must be at least 1") }
        do {
            try link.validate()
        } catch {
            throw Message("link: \(error)")
        }
        guard !modes.isEmpty else { throw Message("no modes to compare; give at least one, e.g. sequential,concurrent") }
        if workload == .hash, modes.contains(.urlsession) {
            throw Message("urlsession downloads; the hash workload takes sequential, concurrent, bounded:K and threads:K")
        }
    }
}
