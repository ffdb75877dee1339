/// The "time taken" figure: one bar per mode, its measured seconds written on it, and the
/// model's prediction marked across it, so a glance shows both the speedup and the fit.
struct BarChart {
    /// One bar.
    struct Bar {
        var label: String
        /// A second line under the label (the client).
        var detail: String
        /// The bar's height; nil draws the prediction alone (nothing measured).
        var measured: Double?
        var predicted: Double
    }

    var title: String
    var subtitle: String
    var bars: [Bar]
    var valueLabel = "seconds"
    /// What the dashed mark is, in the legend.
    var predictionLabel = "predicted by the link model"

    /// The chart as a standalone SVG document.
    var svg: String {
        let width = max(480, 140 + Double(bars.count) * 150)
        let height = 400.0
        let left = 70.0, right = 30.0, top = 92.0, bottom = 70.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = bars.map { max($0.measured ?? 0, $0.predicted) }.max() ?? 1
        let axis = AxisScale(maximum: maximum * 1.1)
        var svg = SVG(width: width, height: height)

        svg.text(title, x: left, y: 28, size: 17, weight: "bold")
        svg.text(subtitle, x: left, y: 48, size: 12, fill: "#666")
        for tick in axis.ticks {
            let y = top + plotHeight - axis.position(tick, length: plotHeight)
            svg.line(x1: left, y1: y, x2: left + plotWidth, y2: y, stroke: "#e5e5e5")
            svg.text(axis.label(tick), x: left - 8, y: y + 4, anchor: "end", size: 11, fill: "#555")
        }
        svg.text(valueLabel, x: 18, y: top + plotHeight / 2, anchor: "middle", size: 12, fill: "#555", rotate: -90)

        let slot = plotWidth / Double(max(1, bars.count))
        let barWidth = min(90, slot * 0.6)
        for (index, bar) in bars.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            let x = center - barWidth / 2
            let color = SVG.palette[index % SVG.palette.count]
            if let measured = bar.measured {
                let barHeight = axis.position(measured, length: plotHeight)
                svg.rect(x: x, y: top + plotHeight - barHeight, width: barWidth, height: barHeight, fill: color,
                         title: "\(bar.label): \(Format.seconds(measured)) measured, \(Format.seconds(bar.predicted)) predicted")
                svg.text(Format.seconds(measured), x: center, y: top + plotHeight - barHeight - 8, anchor: "middle", size: 13, weight: "bold")
            } else {
                let barHeight = axis.position(bar.predicted, length: plotHeight)
                svg.rect(x: x, y: top + plotHeight - barHeight, width: barWidth, height: barHeight, fill: "#d9d9d9",
                         title: "\(bar.label): \(Format.seconds(bar.predicted)) predicted")
                svg.text(Format.seconds(bar.predicted), x: center, y: top + plotHeight - barHeight - 8, anchor: "middle", size: 13, weight: "bold")
            }
            let predictedY = top + plotHeight - axis.position(bar.predicted, length: plotHeight)
            svg.line(x1: x - 8, y1: predictedY, x2: x + barWidth + 8, y2: predictedY, stroke: "#222", width: 2, dash: "6 3")
            svg.text(bar.label, x: center, y: top + plotHeight + 20, anchor: "middle", size: 13, weight: "bold")
            svg.text(bar.detail, x: center, y: top + plotHeight + 36, anchor: "middle", size: 11, fill: "#666")
            svg.text("predicted \(Format.seconds(bar.predicted))", x: center, y: top + plotHeight + 51, anchor: "middle", size: 11, fill: "#666")
        }
        svg.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333")
        svg.line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#333")

        // Legend, under the subtitle: the swatch shows the bars' own colours.
        let measured = bars.contains { $0.measured != nil }
        let stripes = measured ? max(1, bars.count) : 1
        for index in 0..<stripes {
            svg.rect(x: left + Double(index) * 7, y: 58, width: 7, height: 12,
                     fill: measured ? SVG.palette[index % SVG.palette.count] : "#d9d9d9")
        }
        let textX = left + Double(stripes) * 7 + 5
        let label = measured ? "measured (bar)" : "model only (bar)"
        svg.text(label, x: textX, y: 68, size: 11)
        let dashX = textX + Double(label.count) * 6.2 + 20
        svg.line(x1: dashX, y1: 64, x2: dashX + 25, y2: 64, stroke: "#222", width: 2, dash: "6 3")
        svg.text(predictionLabel, x: dashX + 30, y: 68, size: 11)
        return svg.document
    }
}
