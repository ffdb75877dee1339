import Foundation
import MockServer
import TestSupport
import Testing
@testable import Lab

@Suite struct ScenarioTests {
    private func experiment(_ json: String) throws(Message) -> Experiment {
        try Scenario.experiment(from: Data(json.utf8), defaultName: "file-name")
    }

    @Test func scenario_readsEveryKey() throws {
        let experiment = try experiment("""
            {"name": "demo", "summary": "s", "workload": "download",
             "link": {"profile": "article", "latency": "40ms"},
             "faults": [{"fault": "reset-after:64KiB", "fault-rate": 0.2}],
             "payloads": {"count": 4, "size": "256KiB"},
             "modes": ["sequential", "bounded:2", "threads:2", "urlsession"], "repeat": 3, "seed": 7}
            """)
        #expect(experiment.name == "demo")
        #expect(experiment.link.latency == .milliseconds(40))
        #expect(experiment.link.linkBandwidth == LinkProfile.preset(named: "article")!.linkBandwidth)
        #expect(experiment.linkName == nil)
        #expect(experiment.faults.rules.count == 1)
        #expect(experiment.count == 4 && experiment.size == .kibibytes(256))
        #expect(experiment.modes == [.sequential, .bounded(2), .threads(2), .urlsession])
        #expect(experiment.repetitions == 3 && experiment.seed == 7)
    }

    @Test func scenario_hasDefaults_andTheFileName() throws {
        let experiment = try experiment(#"{"link": "3g", "payloads": {"count": 2, "size": 1000}}"#)
        #expect(experiment.name == "file-name")
        #expect(experiment.linkName == "3g")
        #expect(experiment.size.bytes == 1000)
        #expect(experiment.modes == [.sequential, .concurrent])
        #expect(experiment.workload == .download)
    }

    @Test(arguments: [
        (#"{"payloads": {"count": 2, "size": "1KB"}, "colour": 1}"#, "unknown key \"colour\""),
        (#"{"modes": ["sequential"]}"#, "payloads"),
        (#"{"payloads": {"count": 0, "size": "1KB"}}"#, "payloads.count"),
        (#"{"payloads": {"count": 1000001, "size": "1KB"}}"#, "payloads.count must be a whole number from 1 to 1000000"),
        (#"{"payloads": {"count": 1, "size": "1kb"}}"#, "payloads.size"),
        (#"{"payloads": {"count": 1, "size": "1KB"}, "link": "5g"}"#, "not a preset"),
        (#"{"payloads": {"count": 1, "size": "1KB"}, "link": {"latency": "soon"}}"#, "latency"),
        (#"{"payloads": {"count": 1, "size": "1KB"}, "workload": "hash", "modes": ["urlsession"]}"#, "urlsession"),
        ("[1, 2]", "JSON object"),
        (#"{"payloads": {"count": 1, "#, "is not valid JSON: Unexpected end of file"),
        (#"{"payloads": {"count": 1e400, "size": "1KB"}}"#, "is not valid JSON: the number 1e400 is out of range"),
    ])
    func scenario_namesWhatIsWrong(json: String, mention: String) {
        do {
            _ = try experiment(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(mention), "\(error)")
        }
    }

    @Test func examples_inFixtures_allLoad() throws {
        let folder = Repository.root.appendingPathComponent("fixtures/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 4)
        for file in files {
            _ = try Scenario.load(path: folder.appendingPathComponent(file).path)
        }
    }
}
