import Testing
@testable import Lab

@Suite struct TextTableTests {
    @Test func text_alignsTextLeftAndNumbersRight() {
        let table = TextTable(headers: ["name", "n"], rows: [["a", "10"], ["bbb", "2"]])
        #expect(table.text == "name   n\na     10\nbbb    2")
    }
}
