@testable import MockServer
import Testing

/// Deflate.swift, Gzip.swift, Zlib.swift and Brotli.swift: stored blocks and uncompressed
/// meta-blocks, byte for byte (Python's zlib, gzip and brotli decode them in the differential
/// tests; curl decodes brotli).
@Suite struct ContentCodingTests {
    let hello = Array("hello".utf8)

    @Test func deflate_storesOneFinalBlock_withItsLengthAndComplement() {
        #expect(Deflate.stored(hello) == [0x01, 0x05, 0x00, 0xfa, 0xff] + hello)
        #expect(Deflate.stored([]) == [0x01, 0x00, 0x00, 0xff, 0xff])
    }

    @Test func deflate_splitsLongInputs_intoBlocksOfAtMost65535Bytes() {
        let input = [UInt8](repeating: 7, count: 70_000)
        let stored = Deflate.stored(input)
        #expect(stored.count == 70_000 + 10)
        #expect(Array(stored[0..<5]) == [0x00, 0xff, 0xff, 0x00, 0x00])  // not final, 65535 bytes
        #expect(Array(stored[65_540..<65_545]) == [0x01, 0x71, 0x11, 0x8e, 0xee])  // final, 4465 bytes
    }

    @Test func zlib_wrapsWithAValidHeader_andABigEndianAdler32() {
        let stream = Zlib.encode(hello)
        #expect(Array(stream.prefix(2)) == [0x78, 0x01])
        let header: Int = 0x78 * 256 + 0x01
        #expect(header % 31 == 0)
        #expect(Array(stream.suffix(4)) == [0x06, 0x2c, 0x02, 0x15])
    }

    @Test func gzip_wrapsWithItsMagic_andALittleEndianCRCAndLength() {
        let stream = Gzip.encode(hello)
        #expect(Array(stream.prefix(4)) == [0x1f, 0x8b, 0x08, 0x00])
        #expect(Array(stream.suffix(8)) == [0x86, 0xa6, 0x10, 0x36, 0x05, 0x00, 0x00, 0x00])
        #expect(stream.count == 10 + 5 + 5 + 8)
    }

    @Test func brotli_emptyInput_isOneEmptyLastMetaBlock() {
        // WBITS 0, ISLAST 1, ISLASTEMPTY 1.
        #expect(Brotli.encode([]) == [0x06])
    }

    @Test func brotli_framesAnUncompressedMetaBlock_thenAnEmptyLastOne() {
        // Bit 0 WBITS=0; bit 1 ISLAST=0; bits 2-3 MNIBBLES=0; bits 4-19 MLEN-1=4; bit 20 ISUNCOMPRESSED.
        #expect(Brotli.encode(hello) == [0x40, 0x00, 0x10] + hello + [0x03])
    }

    @Test func brotli_splitsLongInputs_intoMetaBlocksOf65536Bytes() {
        let stream = Brotli.encode([UInt8](repeating: 1, count: 65_537))
        #expect(Array(stream.prefix(3)) == [0xf0, 0xff, 0x1f])  // MLEN-1 = 0xffff
        #expect(Array(stream[65_539..<65_542]) == [0x00, 0x00, 0x08])  // byte-aligned now: MLEN-1 = 0
        #expect(stream.last == 0x03)
        #expect(stream.count == 3 + 65_536 + 3 + 1 + 1)
    }
}
