/// Whether this process has the open files an experiment's downloads need at once: each
/// download in flight holds two (the client's end and the in-process server's), and the
/// process keeps some for itself.
///
/// Checked before a run starts. Past the limit, a run used to fail by the hundred ("Too many
/// open files") only after every retry gave up, half a minute later; now it is one line that
/// says what to change.
enum DescriptorBudget {
    /// Open files the process keeps for its own use: the server's listener, the event loops'
    /// epoll and wake-up descriptors, standard streams, the results being written.
    static let reserve = 64

    /// The open files `experiment` needs at once: its busiest mode's, or nil when it opens no
    /// connections (hashing).
    static func needed(_ experiment: Experiment) -> (mode: Mode, connections: Int, files: Int)? {
        guard experiment.workload == .download,
              let busiest = experiment.modes.max(by: { $0.peakConnections(count: experiment.count) < $1.peakConnections(count: experiment.count) })
        else { return nil }
        let connections = busiest.peakConnections(count: experiment.count)
        return (busiest, connections, 2 * connections + reserve)
    }

    /// Refuses `experiment` when its busiest mode needs more open files than `limit`, naming
    /// the mode, the numbers and what to change.
    static func check(_ experiment: Experiment, limit: Int) throws(Message) {
        guard let (mode, connections, files) = needed(experiment), files > limit else { return }
        throw Message(
            "\(mode) keeps \(connections) downloads in flight: with the in-process server's end of each, \(files) open files, "
                + "over this process's limit of \(limit) (ulimit -n); raise the limit to \(files) or more, or keep fewer in flight (--modes bounded:K)"
        )
    }
}
