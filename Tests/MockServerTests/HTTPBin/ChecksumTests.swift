@testable import MockServer
import Testing

/// CRC32.swift and Adler32.swift: the checksums in gzip's and zlib's trailers.
@Suite struct ChecksumTests {
    @Test func crc32_matchesTheCheckValue_andZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xcbf4_3926)  // the CRC-32 check value
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("hello".utf8)) == 0x3610_a686)
    }

    @Test func adler32_matchesRFC1950sDefinition_andZlib() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11e6_0398)
        #expect(Adler32.checksum([]) == 1)
        #expect(Adler32.checksum(Array("hello".utf8)) == 0x062c_0215)
    }

    @Test func adler32_reducesBeforeOverflowing_onLongRunsOfHighBytes() {
        #expect(Adler32.checksum([UInt8](repeating: 0xff, count: 6000)) == 0xa497_59ea)
    }
}
