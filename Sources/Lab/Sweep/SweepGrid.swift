/// The grid of a sweep: every combination of the axes' values (the first axis varying
/// slowest), each as the base experiment with those values in place.
struct SweepGrid: Sendable {
    /// One combination.
    struct Point: Sendable {
        /// `(parameter, value)` per axis, in axis order.
        var values: [(name: String, value: String)]
        var experiment: Experiment

        /// `latency=50ms bandwidth=1MB/s`.
        var label: String { values.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
    }

    var axes: [SweepAxis]
    var points: [Point]

    /// The most points a sweep has. Ten thousand take 9 s and 300 MB to model, with a 28 MB
    /// results file and a chart no one can read; a million (three axes of a hundred values)
    /// wanted more memory than the machine had.
    static let maximumPoints = 10_000

    /// The cartesian product of `axes` over `base`; fails on a value the base cannot take, or
    /// past ``maximumPoints``.
    init(base: Experiment, axes: [SweepAxis]) throws(Message) {
        var count = 1
        for axis in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.values.count)
            guard !overflow, product <= Self.maximumPoints else {
                let sizes = axes.map { String($0.values.count) }.joined(separator: " × ")
                throw Message("\(sizes) values make more points than a sweep takes (\(Self.maximumPoints)); vary fewer values")
            }
            count = product
        }
        self.axes = axes
        var points = [Point(values: [], experiment: base)]
        for axis in axes {
            var next: [Point] = []
            for point in points {
                for value in axis.values {
                    var experiment = point.experiment
                    try axis.apply(value, to: &experiment)
                    try experiment.validate()
                    next.append(Point(values: point.values + [(axis.name, value)], experiment: experiment))
                }
            }
            points = next
        }
        self.points = points
    }
}
