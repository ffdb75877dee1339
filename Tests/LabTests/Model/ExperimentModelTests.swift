import Testing
@testable import Lab

@Suite struct ExperimentModelTests {
    @Test func article_predictsThePublishedTimes() {
        let model = ExperimentModel(.article, cores: 2)
        #expect(abs(model.predictedSeconds(.sequential) - 11.96) < 0.001)
        #expect(abs(model.predictedSeconds(.concurrent) - 1.30) < 0.001)
        #expect(model.predictedSeconds(.urlsession) == model.predictedSeconds(.concurrent))
        #expect(model.predictedSeconds(.threads(1)) == model.predictedSeconds(.sequential))
        #expect(model.predictedSeconds(.bounded(2)) > model.predictedSeconds(.concurrent))
    }

    @Test func threePages_isAllWaiting() {
        let model = ExperimentModel(.threePages, cores: 2)
        #expect(model.predictedSeconds(.sequential) == 6)
        #expect(model.predictedSeconds(.concurrent) == 2)
    }

    @Test func hash_gainsOnlyFromCores() {
        var experiment = Experiment.cpuBound
        experiment.count = 4
        experiment.size = 1_000_000
        let model = ExperimentModel(experiment, hashRate: 1_000_000, cores: 2)
        #expect(model.predictedSeconds(.sequential) == 4)
        #expect(model.predictedSeconds(.concurrent) == 4)
        #expect(model.predictedSeconds(.threads(2)) == 2)
        #expect(model.predictedSeconds(.threads(4)) == 2)
        #expect(model.predictedSeconds(.threads(3)) == 2)
    }
}
