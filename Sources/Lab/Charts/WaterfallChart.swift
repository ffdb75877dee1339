/// `report.html`'s "where the time went": one row per download of each mode's typical run, on
/// one time axis, the wait for the first byte in grey and the bytes arriving in the mode's
/// colour (the bar chart's), with a tick where the link model says the download should end.
/// Sequential downloads make a staircase; concurrent ones start together.
struct WaterfallChart {
    /// One mode's downloads.
    struct Group {
        var label: String
        var responses: [ResponseSpan]
        /// The model's finish for each download, in seconds from the run's start, in start
        /// order; matched to the responses in start order (retries beyond them get none).
        var predictedFinishes: [Double]
        var color: String
    }

    var title: String
    var subtitle: String
    var groups: [Group]

    static let waitingColor = "#b8bec6"
    static let markColor = "#222222"

    /// The chart as a standalone SVG document.
    var svg: String {
        let rowCount = groups.map(\.responses.count).reduce(0, +)
        let rowHeight = min(14, max(3, 640 / Double(max(1, rowCount))))
        let gap = 26.0
        let width = 1000.0, left = 150.0, right = 24.0, top = 84.0, bottom = 44.0
        let plotWidth = width - left - right
        let plotHeight = Double(rowCount) * rowHeight + Double(groups.count) * gap
        let height = top + plotHeight + bottom
        let end = groups.flatMap { $0.responses.map(\.end) + $0.predictedFinishes }.max() ?? 1
        let axis = AxisScale(maximum: max(end, 1e-3), count: 8)
        func x(_ seconds: Double) -> Double { left + axis.position(seconds, length: plotWidth) }
        var svg = SVG(width: width, height: height)

        svg.text(title, x: 20, y: 28, size: 17, weight: "bold")
        svg.text(subtitle, x: 20, y: 48, size: 12, fill: "#666")
        legend(&svg, y: 66)
        for tick in axis.ticks {
            svg.line(x1: x(tick), y1: top, x2: x(tick), y2: top + plotHeight, stroke: "#e5e5e5")
            svg.text(axis.label(tick), x: x(tick), y: top + plotHeight + 16, anchor: "middle", size: 11, fill: "#555")
        }
        svg.text("seconds from the run's first request", x: left + plotWidth / 2, y: height - 10, anchor: "middle", size: 12, fill: "#555")

        var y = top
        for group in groups {
            svg.text(group.label, x: 20, y: y + 17, size: 13, weight: "bold")
            let count = group.responses.count
            svg.text("\(count) \(count == 1 ? "response" : "responses")", x: 20 + Double(group.label.count) * 8 + 10, y: y + 17, size: 11, fill: "#666")
            y += gap
            let responses = group.responses.sorted { $0.start < $1.start }
            for (index, response) in responses.enumerated() {
                let firstByte = response.firstByte ?? response.end
                let barY = y + rowHeight * 0.15, barHeight = max(2, rowHeight * 0.7)
                let name = "\(group.label) #\(index + 1)"
                svg.rect(x: x(response.start), y: barY, width: max(0.5, x(firstByte) - x(response.start)), height: barHeight,
                         fill: Self.waitingColor, title: "\(name): waited \(Format.seconds(firstByte - response.start)) for the first byte")
                if response.firstByte != nil {
                    svg.rect(x: x(firstByte), y: barY, width: max(0.5, x(response.end) - x(firstByte)), height: barHeight,
                             fill: group.color, title: "\(name): received for \(Format.seconds(response.end - firstByte)), done at \(Format.seconds(response.end))")
                }
                if index < group.predictedFinishes.count {
                    let mark = x(group.predictedFinishes[index])
                    svg.line(x1: mark, y1: y, x2: mark, y2: y + max(rowHeight, 3), stroke: Self.markColor, width: 2)
                }
                y += rowHeight
            }
        }
        svg.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333")
        return svg.document
    }

    private func legend(_ svg: inout SVG, y: Double) {
        var x = 20.0
        svg.rect(x: x, y: y - 9, width: 14, height: 10, fill: Self.waitingColor)
        svg.text("waiting for the first byte", x: x + 19, y: y, size: 11)
        x += 170
        for (index, group) in groups.enumerated() {
            svg.rect(x: x + Double(index) * 8, y: y - 9, width: 8, height: 10, fill: group.color)
        }
        x += Double(max(1, groups.count)) * 8
        svg.text("receiving (each mode in its bar's colour)", x: x + 5, y: y, size: 11)
        x += 250
        svg.line(x1: x + 4, y1: y - 11, x2: x + 4, y2: y + 2, stroke: Self.markColor, width: 2)
        svg.text("the link model's predicted finish", x: x + 12, y: y, size: 11)
    }
}
