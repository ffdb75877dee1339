import MockServer

/// What an experiment's modes should take: the link model for downloads, a single-core hash
/// rate for hashing. Predictions never look at measurements, so "error" means something.
struct ExperimentModel: Sendable {
    let experiment: Experiment
    /// Bytes per second one core hashes (hash workload only; see ``HashRate``).
    let hashRate: Double
    /// The cores threads can run on.
    let cores: Int

    init(_ experiment: Experiment, hashRate: Double = 0, cores: Int) {
        self.experiment = experiment
        self.hashRate = hashRate
        self.cores = max(1, cores)
    }

    /// The predicted seconds from the mode's first request (or job) to its last byte.
    func predictedSeconds(_ mode: Mode) -> Double {
        predictedSeconds(mode, on: experiment.link)
    }

    /// When the link model says each of the mode's downloads ends, in seconds from the first
    /// request, in start order; empty for hashing (or a link the model refuses, which
    /// `Experiment.validate()` does not let through).
    func predictedFinishes(_ mode: Mode) -> [Double] {
        guard experiment.workload == .download else { return [] }
        let plan = mode.transferPlan(count: experiment.count, size: experiment.size.bytes)
        return (try? LinkModel.predict(plan, on: experiment.link).downloads)?
            .sorted { ($0.start, $0.finish) < ($1.start, $1.finish) }
            .map(\.finish) ?? []
    }

    /// The prediction on another link, to show what a cap costs.
    func predictedSeconds(_ mode: Mode, on link: LinkProfile) -> Double {
        let count = experiment.count
        let size = experiment.size.bytes
        switch experiment.workload {
        case .download:
            // Experiment.validate() holds the link and the size to the model's bounds.
            return (try? LinkModel.predict(mode.transferPlan(count: count, size: size), on: link).total) ?? .nan
        case .hash:
            guard hashRate > 0 else { return 0 }
            let job = Double(size) / hashRate
            switch mode {
            case .threads(let threads):
                // Each thread takes the next payload; more threads than cores share the cores.
                let rounds = (count + threads - 1) / threads
                return max(Double(rounds) * job, Double(count) * job / Double(min(threads, cores)))
            default:
                // One thread, or tasks taking turns on one actor: the work adds up.
                return Double(count) * job
            }
        }
    }
}
