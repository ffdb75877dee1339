import MockServer
import Testing
@testable import Lab

/// What a run needs of the machine (open files, a hash run's memory), against literal limits.
@Suite struct RunBudgetTests {
    static let memory: UInt64 = 8 << 30

    private func experiment(count: Int, modes: [Mode]) -> Experiment {
        var experiment = Experiment.article
        experiment.count = count
        experiment.modes = modes
        return experiment
    }

    @Test func eachModeHoldsOneConnectionPerDownloadInFlight() {
        #expect(Mode.sequential.peakConnections(count: 600) == 1)
        #expect(Mode.concurrent.peakConnections(count: 600) == 600)
        #expect(Mode.bounded(50).peakConnections(count: 600) == 50)
        #expect(Mode.bounded(50).peakConnections(count: 3) == 3)
        #expect(Mode.threads(8).peakConnections(count: 600) == 8)
        #expect(Mode.urlsession.peakConnections(count: 600) == 600)
        #expect(Mode.urlsession.peakConnections(count: 5000) == 1024, "URLSession's limit per host")
    }

    @Test func theBusiestModeNeedsTwoFilesPerConnectionAndTheReserve() throws {
        let article = try #require(RunBudget.files(.article))
        #expect(article.mode == .concurrent && article.connections == 10 && article.files == 84)
        let mixed = try #require(RunBudget.files(experiment(count: 600, modes: [.sequential, .bounded(50), .threads(80)])))
        #expect(mixed.mode == .threads(80) && mixed.files == 2 * 80 + 64)
        #expect(RunBudget.files(.cpuBound) == nil, "hashing opens no connections")
    }

    @Test func aRunPastTheLimit_isRefused_withTheNumbersAndWhatToChange() throws {
        let big = experiment(count: 600, modes: [.sequential, .concurrent])
        #expect(throws: Never.self) { try RunBudget.check(big, openFiles: 1264, memory: Self.memory) }
        let error = try #require(throws: Message.self) { try RunBudget.check(big, openFiles: 1263, memory: Self.memory) }
        #expect(error.description == "concurrent keeps 600 downloads in flight: with the in-process server's end of each, 1264 open files, "
            + "over this process's limit of 1263 (ulimit -n); raise the limit to 1264 or more, or keep fewer in flight (--modes bounded:K)")
        #expect(throws: Never.self) { try RunBudget.check(experiment(count: 600, modes: [.bounded(50)]), openFiles: 256, memory: Self.memory) }
        #expect(throws: Never.self) { try RunBudget.check(.cpuBound, openFiles: 1, memory: Self.memory) }
        #expect(throws: Never.self) { try RunBudget.check(big, openFiles: 0, memory: 0) }
    }

    @Test func aHashRunWhosePayloadsPassHalfTheMemory_isRefused() throws {
        var hashing = Experiment.cpuBound
        hashing.count = 4
        hashing.size = ByteCount(bytes: 1 << 30)
        #expect(throws: Never.self) { try RunBudget.check(hashing, openFiles: 1, memory: 8 << 30) }
        let error = try #require(throws: Message.self) { try RunBudget.check(hashing, openFiles: 1, memory: (8 << 30) - 2) }
        #expect(error.description.hasPrefix("the hash workload holds its 4 payloads in memory, "), "\(error)")
        #expect(error.description.hasSuffix("use fewer (--count) or smaller (--size) payloads"), "\(error)")
        var downloads = Experiment.article
        downloads.size = ByteCount(bytes: 1 << 40)
        #expect(throws: Never.self) { try RunBudget.check(downloads, openFiles: 1000, memory: 1 << 30) }
    }

    /// Jobs times size past Int64 trapped the model, the progress bar and the results.
    @Test func aCountTimesSizePastInt64_isInvalid() throws {
        var experiment = Experiment.article
        experiment.count = 2
        experiment.size = ByteCount(bytes: .max)
        let error = try #require(throws: Message.self) { try experiment.validate() }
        #expect(error.description.contains("more bytes than a run can count"), "\(error)")
        experiment.count = 1
        #expect(throws: Never.self) { try experiment.validate() }
    }
}
