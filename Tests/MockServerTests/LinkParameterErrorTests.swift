import Testing
@testable import MockServer

@Suite struct LinkParameterErrorTests {
    @Test func messages_nameTheParameter_andTheAcceptedForms() {
        #expect(LinkParameterError.notARate(parameter: "bandwidth", value: "fast").description.hasPrefix(
            #"bandwidth: "fast" is not a rate; use B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s, GiB/s, kbit/s, Mbit/s or Gbit/s (a bare number is bytes per second)"#
        ))
        #expect(LinkParameterError.notADuration(parameter: "latency", value: "soon").description.hasPrefix(
            #"latency: "soon" is not a duration; use us, ms or s"#
        ))
        #expect(LinkParameterError.notAJitter(value: "x").description.contains("normal:20ms"))
        #expect(LinkParameterError.zeroRate(parameter: "link-bandwidth").description.contains("none for no cap"))
    }

    @Test func unknownParameter_listsTheValidNames() {
        #expect(LinkParameterError.unknownParameter(name: "latncy").description == #""latncy" is not a link parameter; use latency, connect-latency, jitter, bandwidth, link-bandwidth, upload-bandwidth, upload-link-bandwidth"#)
    }
}
