import Foundation
import MockServer

/// `lab profiles`: the link presets and their numbers.
struct ProfilesCommand: LabCommand {
    static let name = "profiles"
    static let summary = "list the link presets and their numbers"
    static let help = """
        lab profiles: list the link presets (for --profile, scenario files and ?link=).

        USAGE: lab profiles [--json]

        Each preset is a latency, a jitter, a connect latency and bandwidth caps: per
        connection (bandwidth) or shared by all connections (link-bandwidth).

        OPTIONS:
          --json    print the presets as JSON: [{"name", "summary", "link": {parameters}}]

        EXAMPLES:
          lab profiles
          lab run --profile 3g --count 5 --size 100KB
        """

    var json: Bool

    init(_ arguments: inout Arguments) throws {
        json = arguments.flag("json")
    }

    func run() async -> Int32 {
        if json {
            let list = LinkProfile.presets.map { ["name": $0.name, "summary": $0.summary, "link": $0.profile.jsonObject()] as [String: Any] }
            let data = (try? JSONSerialization.data(withJSONObject: list, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            Console.write(data + Data("\n".utf8))
            return ExitStatus.success
        }
        let columns = ["latency", "jitter", "connect-latency", "bandwidth", "link-bandwidth", "upload-bandwidth", "upload-link-bandwidth"]
        let rows = LinkProfile.presets.map { preset in
            let values = Dictionary(uniqueKeysWithValues: preset.profile.parameters().map { ($0.name, $0.value) })
            return [preset.name] + columns.map { values[$0] ?? "" }
        }
        let header = ["name"] + columns
        Console.out(TextTable(headers: header, rows: rows, leftColumns: header.count).text)
        Console.out("")
        for preset in LinkProfile.presets { Console.out("\(preset.name): \(preset.summary)") }
        return ExitStatus.success
    }
}
