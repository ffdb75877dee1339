import Testing
@testable import Lab

/// The open files an experiment's busiest mode needs at once, against literal limits.
@Suite struct DescriptorBudgetTests {
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
        let article = try #require(DescriptorBudget.needed(.article))
        #expect(article.mode == .concurrent && article.connections == 10 && article.files == 84)
        let mixed = try #require(DescriptorBudget.needed(experiment(count: 600, modes: [.sequential, .bounded(50), .threads(80)])))
        #expect(mixed.mode == .threads(80) && mixed.files == 2 * 80 + 64)
        #expect(DescriptorBudget.needed(.cpuBound) == nil, "hashing opens no connections")
    }

    @Test func aRunPastTheLimit_isRefused_withTheNumbersAndWhatToChange() throws {
        let big = experiment(count: 600, modes: [.sequential, .concurrent])
        #expect(throws: Never.self) { try DescriptorBudget.check(big, limit: 1264) }
        let error = try #require(throws: Message.self) { try DescriptorBudget.check(big, limit: 1263) }
        #expect(error.description == "concurrent keeps 600 downloads in flight: with the in-process server's end of each, 1264 open files, "
            + "over this process's limit of 1263 (ulimit -n); raise the limit to 1264 or more, or keep fewer in flight (--modes bounded:K)")
        #expect(throws: Never.self) { try DescriptorBudget.check(experiment(count: 600, modes: [.bounded(50)]), limit: 256) }
        #expect(throws: Never.self) { try DescriptorBudget.check(.cpuBound, limit: 1) }
    }
}
