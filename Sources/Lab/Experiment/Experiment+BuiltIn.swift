import MockServer

extension Experiment {
    /// The experiments `lab run NAME` knows.
    static let builtIn: [Experiment] = [article, threePages, cpuBound]

    /// The built-in experiment called `name`, or nil.
    static func named(_ name: String) -> Experiment? {
        builtIn.first { $0.name == name }
    }

    /// A 10 MiB payload downloaded ten times, one after another with the blocking client and
    /// all at once with the async client, over the link that reproduces the published
    /// 11.96 s and 1.30 s.
    static let article = Experiment(
        name: "article",
        summary: "a 10 MiB file downloaded ten times, sequentially then concurrently (11.96 s vs 1.30 s)",
        workload: .download,
        link: LinkProfile.preset(named: "article")!,
        linkName: "article",
        faults: .none,
        count: 10,
        size: .mebibytes(10),
        modes: [.sequential, .concurrent],
        repetitions: 1,
        seed: 0
    )

    /// Three small pages, each answered after 2 s: 6 s one after another, 2 s all at once.
    static let threePages = Experiment(
        name: "three-pages",
        summary: "three small pages with a 2 s wait each (6 s sequentially vs 2 s concurrently)",
        workload: .download,
        link: LinkProfile(latency: .seconds(2)),
        linkName: nil,
        faults: .none,
        count: 3,
        size: .kibibytes(16),
        modes: [.sequential, .concurrent],
        repetitions: 1,
        seed: 0
    )

    /// Hashing payloads in memory: async tasks on one actor take as long as a plain loop,
    /// two threads use both cores.
    static let cpuBound = Experiment(
        name: "cpu-bound",
        summary: "SHA-256 of four 4 MiB payloads: async tasks on one actor do not beat a loop, threads do",
        workload: .hash,
        link: .unlimited,
        linkName: nil,
        faults: .none,
        count: 4,
        size: .mebibytes(4),
        modes: [.sequential, .concurrent, .threads(2)],
        repetitions: 1,
        seed: 0
    )
}
