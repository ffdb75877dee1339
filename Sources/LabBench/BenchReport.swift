import Foundation

/// What one `lab bench` benchmark measured: sections of figures, each section with the
/// definitions that say exactly what its figures mean, and the targets with their verdicts.
///
/// The text form is for people, the JSON form (``jsonObject``) for scripts; both carry the
/// same numbers, in base units (bytes, seconds, bytes per second, plain ratios).
package struct BenchReport: Sendable {
    /// The benchmark's name (`server`).
    var name: String
    /// How the run was set up: build, quick or not, cores, load average at start and end.
    package var setting: [String] = []
    var sections: [Section] = []
    package var targets: [Target] = []

    /// A group of figures measured together, and what they mean.
    struct Section: Sendable {
        var title: String
        var figures: [Figure] = []
        /// Definitions and method, one sentence per line.
        var definitions: [String] = []
    }

    /// One measured number.
    struct Figure: Sendable {
        /// A stable name for scripts (`throughput.ratio`).
        var key: String
        var label: String
        var value: Double
        var unit: BenchUnit
        /// The values the figure summarizes (per round), when there are several.
        var samples: [Double] = []
        /// What the value is (median, p99, ...) or anything else worth saying beside it.
        var note: String = ""
    }

    /// A performance target and whether this run met it.
    package struct Target: Sendable {
        /// The figure it judges.
        var key: String
        /// The target as the issue states it (`MockServer >= 0.8 x raw pump`).
        var statement: String
        var value: Double
        var unit: BenchUnit
        package var met: Bool
    }

    /// Records a target `value >= limit`.
    mutating func expect(_ key: String, _ statement: String, _ value: Double, _ unit: BenchUnit, atLeast limit: Double) {
        targets.append(Target(key: key, statement: statement, value: value, unit: unit, met: value >= limit))
    }

    /// Records a target `value < limit`.
    mutating func expect(_ key: String, _ statement: String, _ value: Double, _ unit: BenchUnit, below limit: Double) {
        targets.append(Target(key: key, statement: statement, value: value, unit: unit, met: value < limit))
    }

    /// The report as text: setting, sections with figures and definitions, then the targets.
    package var text: String {
        var lines = ["lab bench \(name)"] + setting.map { "  " + $0 }
        for section in sections {
            lines.append("")
            lines.append(section.title)
            let width = max(28, (section.figures.map(\.label.count).max() ?? 0) + 2)
            for figure in section.figures {
                let value = figure.unit.format(figure.value)
                var line = "  " + figure.label.padding(width) + value.padding(13)
                if !figure.note.isEmpty { line += figure.note }
                lines.append(line.trimmingTrailingSpaces)
            }
            lines += section.definitions.map { "  · " + $0 }
        }
        if !targets.isEmpty {
            lines.append("")
            lines.append("Targets (\(targets.count { $0.met }) of \(targets.count) met)")
            let width = (targets.map(\.statement.count).max() ?? 0) + 2
            for target in targets {
                lines.append("  " + (target.met ? "MET     " : "MISSED  ") + target.statement.padding(width) + target.unit.format(target.value))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The report as JSON-ready values.
    package var jsonObject: [String: Any] {
        [
            "benchmark": name,
            "setting": setting,
            "sections": sections.map { section in
                [
                    "title": section.title,
                    "definitions": section.definitions,
                    "figures": section.figures.map { figure -> [String: Any] in
                        var object: [String: Any] = [
                            "key": figure.key, "label": figure.label, "value": Self.json(figure.value), "unit": figure.unit.rawValue,
                        ]
                        if !figure.samples.isEmpty { object["samples"] = figure.samples.map(Self.json) }
                        if !figure.note.isEmpty { object["note"] = figure.note }
                        return object
                    },
                ] as [String: Any]
            },
            "targets": targets.map { target in
                ["key": target.key, "statement": target.statement, "value": Self.json(target.value), "unit": target.unit.rawValue, "met": target.met] as [String: Any]
            },
        ]
    }
}

extension BenchReport {
    /// A number for JSON, which has no NaN or infinity: those (a figure that could not be
    /// measured) become null.
    fileprivate static func json(_ value: Double) -> Any {
        value.isFinite ? value : NSNull()
    }
}

extension String {
    /// Left-aligned in a column of `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
