import Foundation
import LabBench

/// What a run needs of the machine, checked before it starts: open files for the downloads in
/// flight (each holds two, the client's end and the in-process server's, and the process keeps
/// some for itself), and memory for the payloads a hash run holds.
///
/// Past the open-file limit, a run used to fail by the hundred ("Too many open files") only
/// after every retry gave up, half a minute later; a hash run of payloads larger than memory
/// was killed. Now either is one line that says what to change.
enum RunBudget {
    /// Open files the process keeps for its own use: the server's listener, the event loops'
    /// epoll and wake-up descriptors, standard streams, the results being written.
    static let reservedFiles = 64

    /// The open files `experiment` needs at once: its busiest mode's, or nil when it opens no
    /// connections (hashing).
    static func files(_ experiment: Experiment) -> (mode: Mode, connections: Int, files: Int)? {
        guard experiment.workload == .download,
              let busiest = experiment.modes.max(by: { $0.peakConnections(count: experiment.count) < $1.peakConnections(count: experiment.count) })
        else { return nil }
        let connections = busiest.peakConnections(count: experiment.count)
        return (busiest, connections, 2 * connections + reservedFiles)
    }

    /// ``check(_:openFiles:memory:)`` against this process's open-file limit and this machine's
    /// memory.
    static func check(_ experiment: Experiment) throws(Message) {
        try check(experiment, openFiles: ProcessResources.descriptorLimit, memory: ProcessInfo.processInfo.physicalMemory)
    }

    /// Refuses `experiment` when its busiest mode needs more open files than `openFiles`, or
    /// its hashed payloads more than half of `memory` bytes, naming the numbers and what to
    /// change. A limit of 0 is unknown, and not checked.
    static func check(_ experiment: Experiment, openFiles: Int, memory: UInt64) throws(Message) {
        if openFiles > 0, let (mode, connections, files) = files(experiment), files > openFiles {
            throw Message(
                "\(mode) keeps \(connections) downloads in flight: with the in-process server's end of each, \(files) open files, "
                    + "over this process's limit of \(openFiles) (ulimit -n); raise the limit to \(files) or more, or keep fewer in flight (--modes bounded:K)"
            )
        }
        // validate() has ruled out an overflow.
        let held = Int64(experiment.count) * experiment.size.bytes
        if experiment.workload == .hash, memory > 0, held > 0, UInt64(held) > memory / 2 {
            throw Message(
                "the hash workload holds its \(experiment.count) payloads in memory, \(Format.bytes(Double(held))), "
                    + "over half of this machine's \(Format.bytes(Double(memory))); "
                    + "use fewer (--count) or smaller (--size) payloads"
            )
        }
    }
}
