import Foundation

/// Seconds against a varied parameter, one line per series (measured solid with dots,
/// predicted dashed with rings), for `lab sweep`: where the lines meet, concurrency stopped
/// helping; where a ring sits around a dot, the model hit the measurement.
struct LineChart {
    /// One line.
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        var color: String
        var dashed: Bool
    }

    var title: String
    var subtitle: String
    var xLabel: String
    var yLabel = "seconds"
    /// Where to label the x axis, and with what (the values as the user wrote them).
    var xTicks: [(value: Double, label: String)]
    var series: [Series]
    /// Place x values on a logarithmic scale (for values spanning orders of magnitude).
    var logarithmic = false

    /// The chart as a standalone SVG document.
    var svg: String {
        let legendWidth = max(170, Double(series.map(\.name.count).max() ?? 0) * 6.4 + 50)
        let width = 760.0 + legendWidth
        let height = 440.0
        let left = 70.0, top = 70.0, bottom = 60.0
        let plotWidth = width - left - legendWidth - 20
        let plotHeight = height - top - bottom
        func scaled(_ value: Double) -> Double { logarithmic ? log10(max(value, 1e-12)) : value }
        let xs = (xTicks.map(\.value) + series.flatMap { $0.points.map(\.x) }).map(scaled)
        let xLow = xs.min() ?? 0
        let xHigh = xs.max() ?? 1
        let xSpan = xHigh > xLow ? xHigh - xLow : 1
        let maximum = series.flatMap { $0.points.map(\.y) }.max() ?? 1
        let axis = AxisScale(maximum: max(maximum, 1e-6) * 1.08)
        func x(_ value: Double) -> Double { left + (xHigh > xLow ? (scaled(value) - xLow) / xSpan * plotWidth : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight - axis.position(value, length: plotHeight) }
        var svg = SVG(width: width, height: height)

        svg.text(title, x: left, y: 28, size: 17, weight: "bold")
        svg.text(subtitle, x: left, y: 48, size: 12, fill: "#666")
        for tick in axis.ticks {
            svg.line(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), stroke: "#e5e5e5")
            svg.text(axis.label(tick), x: left - 8, y: y(tick) + 4, anchor: "end", size: 11, fill: "#555")
        }
        for tick in xTicks {
            svg.line(x1: x(tick.value), y1: top + plotHeight, x2: x(tick.value), y2: top + plotHeight + 5, stroke: "#333")
            svg.text(tick.label, x: x(tick.value), y: top + plotHeight + 20, anchor: "middle", size: 11, fill: "#555")
        }
        svg.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333")
        svg.line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#333")
        svg.text(xLabel, x: left + plotWidth / 2, y: height - 14, anchor: "middle", size: 12, fill: "#555")
        svg.text(yLabel, x: 18, y: top + plotHeight / 2, anchor: "middle", size: 12, fill: "#555", rotate: -90)

        // The model's lines first, each point ringed: where a measured line lies on top of
        // its prediction, the rings still show around the measured dots.
        for line in series.filter(\.dashed) + series.filter({ !$0.dashed }) {
            let sorted = line.points.sorted { $0.x < $1.x }
            let points = sorted.map { (x($0.x), y($0.y)) }
            svg.polyline(points, stroke: line.color, width: line.dashed ? 1.5 : 2.5, dash: line.dashed ? "6 4" : nil)
            for (point, raw) in zip(points, sorted) {
                if line.dashed {
                    svg.circle(x: point.0, y: point.1, radius: 6, fill: "none", stroke: line.color, title: "\(line.name): \(Format.seconds(raw.y))")
                } else {
                    svg.circle(x: point.0, y: point.1, radius: 3.5, fill: line.color, title: "\(line.name): \(Format.seconds(raw.y))")
                }
            }
        }

        let legendX = left + plotWidth + 30
        for (index, line) in series.enumerated() {
            let rowY = top + Double(index) * 20
            svg.line(x1: legendX, y1: rowY - 4, x2: legendX + 26, y2: rowY - 4, stroke: line.color, width: line.dashed ? 1.5 : 2.5,
                     dash: line.dashed ? "6 4" : nil)
            if line.dashed {
                svg.circle(x: legendX + 13, y: rowY - 4, radius: 5, fill: "none", stroke: line.color)
            } else {
                svg.circle(x: legendX + 13, y: rowY - 4, radius: 3.5, fill: line.color)
            }
            svg.text(line.name, x: legendX + 32, y: rowY, size: 11)
        }
        return svg.document
    }
}
