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

    /// The cartesian product of `axes` over `base`; fails on a value the base cannot take.
    init(base: Experiment, axes: [SweepAxis]) throws(Message) {
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
