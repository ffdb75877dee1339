import Testing
@testable import Lab

@Suite struct CSVWriterTests {
    @Test func text_quotesOnlyWhatNeedsIt() {
        var csv = CSVWriter(header: ["a", "b"])
        csv.append(["plain", "with, comma"])
        csv.append(["say \"hi\"", "two\nlines"])
        #expect(csv.text == "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
    }

    @Test func number_isPlainDecimal() {
        #expect(CSVWriter.number(12) == "12")
        #expect(CSVWriter.number(1.2345678) == "1.234568")
    }
}
