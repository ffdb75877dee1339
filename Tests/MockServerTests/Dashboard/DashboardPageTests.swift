import Foundation
@testable import MockServer
import Testing

/// The dashboard page as a document: self-contained, small, with the presets it offers.
@Suite struct DashboardPageTests {
    @Test func page_isSelfContained_noAssetFromAnyOtherPlace() {
        let html = DashboardPage.html
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(html.matches(of: /\b(?:src|href|action|srcset|poster)\s*=/).isEmpty, "no attribute that loads or sends anywhere")
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(html.matches(of: /<script[^>]*\bsrc=/).isEmpty)
        #expect(html.matches(of: /<img/).isEmpty)
    }

    @Test func page_isSmall_andNamesEveryEndpointItUses() {
        let html = DashboardPage.html
        #expect(html.utf8.count < 100_000)
        for endpoint in ["\"/_lab/events\"", "\"/_lab/link\"", "\"/_lab/faults\"", "\"/_lab/journal\""] {
            #expect(html.contains(endpoint), "\(endpoint)")
        }
    }

    @Test func everyControl_hasALabel() {
        let html = DashboardPage.html
        let controls = html.matches(of: /<(?:input|select)\b([^>]*)>/).map { String($0.output.1) }
        #expect(controls.count >= 8)
        for attributes in controls {
            guard let id = attributes.firstMatch(of: /\bid="([^"]+)"/)?.output.1 else {
                Issue.record("a control without an id: \(attributes)")
                continue
            }
            #expect(attributes.contains("aria-label=") || html.contains("<label for=\"\(id)\">"), "#\(id) has no label")
        }
    }

    @Test func presets_carryEachPresetsLinkAsTheLinkEndpointShowsIt() throws {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(DashboardPage.presetsJSON.replacingOccurrences(of: "<\\/", with: "</").utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == LinkProfile.presets.map(\.name))
        let threeG = try #require(list.first { $0["name"] as? String == "3g" }?["link"] as? [String: String])
        #expect(threeG == LinkProfile.preset(named: "3g")!.jsonObject() as? [String: String])
    }
}
