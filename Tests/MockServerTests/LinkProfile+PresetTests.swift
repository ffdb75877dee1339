import MockServer
import Testing

@Suite struct LinkProfilePresetTests {
    @Test func everyCase_isAPreset_withTheSameNameSummaryAndLink_inTheSameOrder() {
        #expect(LinkProfile.Preset.allCases.map(\.name) == LinkProfile.presets.map(\.name))
        for (preset, entry) in zip(LinkProfile.Preset.allCases, LinkProfile.presets) {
            #expect(preset.summary == entry.summary && preset.profile == entry.profile, "\(preset)")
            #expect(LinkProfile.preset(preset) == entry.profile)
        }
    }

    @Test func presetNamed_acceptsAnyCase() {
        #expect(LinkProfile.preset(named: "3G") == LinkProfile.preset(.threeG))
        #expect(LinkProfile.preset(named: "Slow-4G") == LinkProfile.preset(.slow4G))
        #expect(LinkProfile.Preset(named: "WIFI") == .wifi)
        #expect(LinkProfile.preset(named: "4g") == nil)
    }

    @Test func everyPreset_passesValidation() throws {
        for preset in LinkProfile.Preset.allCases { try preset.profile.validate() }
    }
}
