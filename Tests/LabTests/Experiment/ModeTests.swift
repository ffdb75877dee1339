import Testing
@testable import Lab

@Suite struct ModeTests {
    @Test func mode_parsesEveryName_andPrintsItBack() throws {
        for text in ["sequential", "concurrent", "bounded:3", "threads:12", "urlsession"] {
            #expect(try Mode(parsing: text).description == text)
        }
    }

    @Test(arguments: ["parallel", "bounded", "bounded:0", "threads:-1", "threads:x", ""])
    func mode_refusesWhatIsNotAMode(text: String) {
        #expect(throws: Message.self) { try Mode(parsing: text) }
    }

    @Test func list_refusesRepeats() throws {
        #expect(try Mode.list(parsing: "sequential,bounded:2") == [.sequential, .bounded(2)])
        #expect(throws: Message.self) { try Mode.list(parsing: "sequential,sequential") }
    }

    @Test func client_followsTheWorkload() {
        #expect(Mode.sequential.client(for: .download) == "blocking")
        #expect(Mode.bounded(2).client(for: .download) == "async")
        #expect(Mode.concurrent.client(for: .hash) == "async, one actor")
        #expect(Mode.threads(2).client(for: .hash) == "2 threads")
    }
}
