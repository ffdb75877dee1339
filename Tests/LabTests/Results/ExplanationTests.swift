import MockServer
import Testing
@testable import Lab

@Suite struct ExplanationTests {
    @Test func article_explainsTheWaitsAndTheSharedLink() {
        let text = Explanation(result: ResultFixtures.article(sequential: 12.0, concurrent: 1.31)).lines.joined(separator: "\n")
        #expect(text.contains("2.50 s of it spent waiting"))
        #expect(text.contains("share the 99.86 MB/s link"))
        #expect(text.contains("10.00× instead of 9.20×"))
        #expect(text.contains("within 3%"))
    }

    /// Ten small files pass through the shared link in no time: the waits are all there is, and
    /// the explanation must not blame the link for a gain it did not cap.
    @Test func smallFiles_doNotBlameTheSharedLink() {
        let text = Explanation(result: ResultFixtures.article(sequential: 2.51, concurrent: 0.26, size: .kibibytes(1)))
            .lines.joined(separator: "\n")
        #expect(!text.contains("stops helping"))
        #expect(text.contains("The 99.86 MB/s shared link is not the limit here: 10 × 1KiB pass through it in 0.000 s, little beside the 0.25 s wait"))
    }

    /// The fastest mode that overlaps downloads is explained wherever it stands, alone too;
    /// a speedup is given only against another mode (a mode alone was "1.09× instead of 1.00×"
    /// of itself, and `bounded:3` alone or after `concurrent` got no word).
    @Test func theOverlappingMode_isExplained_aloneOrSecond() {
        func text(_ modes: [Mode]) -> String {
            var experiment = Experiment.article
            experiment.modes = modes
            return Explanation(result: ExperimentRunner.simulate(experiment)).lines.joined(separator: "\n")
        }
        #expect(text([.bounded(3)]).contains("With 3 in flight (bounded:3, async client), the waits overlap 3 at a time"))
        #expect(text([.concurrent]).contains("without the shared cap it would be 1.20 s, and more connections would only split the same link"))
        #expect(text([.concurrent, .sequential]).contains("With 10 in flight (concurrent, async client), the waits overlap"))
        #expect(!text([.sequential]).contains("in flight"))
        #expect(text([.sequential, .bounded(3), .concurrent]).contains("(10.00× instead of 9.20×)"))
    }

    /// The model alone (--simulate) measured nothing: a hash run's threads are "expected", not
    /// "measured".
    @Test func aSimulatedHashRun_claimsNoMeasurement() throws {
        var experiment = try #require(Experiment.named("cpu-bound"))
        experiment.modes = [.concurrent, .threads(2)]
        let text = Explanation(result: ExperimentRunner.simulate(experiment)).lines.joined(separator: "\n")
        #expect(text.contains("On 2 threads the hashing can run on"), "\(text)")
        #expect(!text.contains("measured,"), "\(text)")
    }

    /// The accuracy line speaks only of the modes it could compare: with every download
    /// reset, it said "Every mode is within 3% of the model's prediction".
    @Test func modesThatCompletedNoJob_areNotCalledAccurate() {
        let failed = [Measurement(seconds: 1.78, completed: 0, bytes: 0, failures: ["reset"], retries: 9, interrupted: false)]
        var result = ResultFixtures.article(sequential: 12.0, concurrent: 1.31)
        result.runs[0].measurements = failed
        let text = Explanation(result: result).lines.joined(separator: "\n")
        #expect(text.contains("Every mode compared is within 3% of the model's prediction; sequential completed no job or was cut short, so is not compared."), "\(text)")
        result.runs[1].measurements = failed
        let none = Explanation(result: result).lines.joined(separator: "\n")
        #expect(none.contains("No mode completed a job, so none is compared with the model."), "\(none)")
        #expect(!none.contains("within 3%"))
    }

    @Test func aRunWithFaults_saysTheirRetriesAreNotInTheModel() {
        var result = ResultFixtures.article()
        #expect(!Explanation(result: result).lines.contains { $0.hasPrefix("Faults were injected") })
        var experiment = Experiment.article
        experiment.faults = [Fault.reset.rate(0.5)]
        result.model = ExperimentModel(experiment, cores: 2)
        #expect(Explanation(result: result).lines.contains(
            "Faults were injected (reset rate=0.5): the retries they cause add time the model does not count."))
    }

    @Test func aMiss_isCalledOut() {
        let text = Explanation(result: ResultFixtures.article(sequential: 12.0, concurrent: 2.0)).lines.joined(separator: "\n")
        #expect(text.contains("concurrent took +53.8% against the model"))
    }
}
