import Testing
@testable import NetworkCore

@Suite struct HTTPSyntaxTests {
    @Test func isToken_acceptsExactlyTheTcharsOfRFC9110() {
        let tchars = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPSyntax.isToken(byte) == tchars.contains(byte), "byte \(byte)")
        }
    }

    @Test(arguments: [0, 7, 10, 99, 200, 999, 1_000, -5, Int.max, Int.min])
    func appendDecimal_writesWhatStringDescribingWrites(value: Int) {
        var out: [UInt8] = [UInt8(ascii: ">")]
        HTTPSyntax.appendDecimal(value, to: &out)
        #expect(out == Array(">\(value)".utf8))
    }

    @Test func isFieldByte_refusesControlBytesButTab() {
        for byte in UInt8.min...UInt8.max {
            let expected = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
            #expect(HTTPSyntax.isFieldByte(byte) == expected, "byte \(byte)")
        }
    }

    @Test func listElements_areTrimmed_andEmptyOnesSkipped() {
        var elements: [String] = []
        HTTPSyntax.forEachListElement(in: " a ,, b\t,c,") { elements.append(String(decoding: $0, as: UTF8.self)) }
        #expect(elements == ["a", "b", "c"])
    }
}
