import Testing
@testable import Lab

@Suite struct ExperimentTests {
    @Test func builtIns_areValid_andFoundByName() throws {
        for experiment in Experiment.builtIn {
            try experiment.validate()
            #expect(Experiment.named(experiment.name)?.name == experiment.name)
        }
        #expect(Experiment.named("nope") == nil)
    }

    @Test func validate_refusesWhatCannotRun() {
        var experiment = Experiment.article
        experiment.count = 0
        #expect(throws: Message.self) { try experiment.validate() }
        experiment = Experiment.cpuBound
        experiment.modes = [.urlsession]
        #expect(throws: Message.self) { try experiment.validate() }
    }
}
