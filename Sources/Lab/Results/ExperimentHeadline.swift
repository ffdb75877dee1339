/// The line `lab run` prints before it starts: what runs, over which link, how many times.
struct ExperimentHeadline {
    let experiment: Experiment
    let simulated: Bool

    var text: String {
        let jobs = "\(experiment.count) × \(experiment.size)"
        let modes = experiment.modes.map(\.description).joined(separator: ", ")
        let repeats = experiment.repetitions > 1 ? ", \(experiment.repetitions) times each" : ""
        switch experiment.workload {
        case .download:
            let link = (experiment.linkName.map { "\"\($0)\" " } ?? "") + "(\(LabFormat.link(experiment.link)))"
            let faults = experiment.faults.rules.isEmpty ? "" : ", faults: \(LabFormat.faults(experiment.faults))"
            return "\(experiment.name): \(jobs) downloads over link \(link)\(faults); modes \(modes)\(repeats); seed \(experiment.seed)"
                + (simulated ? " (model only)" : "")
        case .hash:
            return "\(experiment.name): SHA-256 of \(jobs) in memory; modes \(modes)\(repeats)" + (simulated ? " (model only)" : "")
        }
    }
}
