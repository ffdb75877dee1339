/// One progress line for a mode: a bar, bytes done of the total, the rate and the time left.
///
/// `sequential  [#########...........]  62.9 MB/104.9 MB  8.80 MB/s  ETA 4.8 s`
struct ProgressBar {
    var label: String
    var total: Int64
    /// Bar cells.
    var width = 24

    /// The line after `done` bytes in `elapsed` seconds.
    func line(done: Int64, elapsed: Double, unicode: Bool = true) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: unicode ? "█" : "#", count: filled) + String(repeating: unicode ? "░" : ".", count: width - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta: String
        if done >= total {
            eta = "done in \(Format.seconds(elapsed))"
        } else if rate > 0 {
            eta = "ETA \(Format.seconds(Double(total - done) / rate))"
        } else {
            eta = "waiting"
        }
        return "\(label.padding(max(14, label.count + 1)))[\(bar)]  \(Format.bytes(Double(done)))/\(Format.bytes(Double(total)))  \(Format.rate(rate))  \(eta)"
    }
}
