import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG (or any XML) document and counts its elements by name: proof that it is
/// well-formed, and a look at what it holds.
final class SVGCheck: NSObject, XMLParserDelegate {
    private(set) var counts: [String: Int] = [:]
    private(set) var texts: [String] = []
    private var text = ""

    /// Element counts of `data`; throws if it is not well-formed XML.
    static func elements(_ data: Data) throws -> SVGCheck {
        let check = SVGCheck()
        let parser = XMLParser(data: data)
        parser.delegate = check
        guard parser.parse() else { throw LabTestError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")") }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(text) }
        text = ""
    }
}
