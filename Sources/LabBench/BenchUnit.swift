import Foundation

/// The unit of a benchmark figure: how its value (always in base units) is written.
enum BenchUnit: String, Sendable {
    /// A plain ratio (`0.84`).
    case ratio
    /// A relative error, 0.01 for 1% (`0.12%`).
    case fraction
    /// Seconds (`4.20 ms`, `312 µs`, `2.01 s`).
    case seconds
    /// Bytes (`12.4 MiB`).
    case bytes
    /// Bytes per second, decimal units as network rates are (`2.31 GB/s`).
    case bytesPerSecond
    /// Events per second (`48,210/s`).
    case perSecond
    /// A count (`15,000`).
    case count

    func format(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        switch self {
        case .ratio:
            return String(format: "%.2f", value)
        case .fraction:
            return String(format: value < 0.001 ? "%.3f%%" : "%.2f%%", value * 100)
        case .seconds:
            if abs(value) >= 1 { return String(format: "%.2f s", value) }
            if abs(value) >= 0.001 { return String(format: "%.2f ms", value * 1e3) }
            return String(format: "%.0f µs", value * 1e6)
        case .bytes:
            let magnitude = abs(value)
            if magnitude >= 0x1p30 { return String(format: "%.2f GiB", value / 0x1p30) }
            if magnitude >= 0x1p20 { return String(format: "%.1f MiB", value / 0x1p20) }
            if magnitude >= 0x1p10 { return String(format: "%.1f KiB", value / 0x1p10) }
            return String(format: "%.0f B", value)
        case .bytesPerSecond:
            if value >= 1e9 { return String(format: "%.2f GB/s", value / 1e9) }
            if value >= 1e6 { return String(format: "%.2f MB/s", value / 1e6) }
            if value >= 1e3 { return String(format: "%.2f KB/s", value / 1e3) }
            return String(format: "%.0f B/s", value)
        case .perSecond:
            return Self.grouped(value.rounded()) + "/s"
        case .count:
            return Self.grouped(value.rounded())
        }
    }

    /// A size in decimal units, as the shared-link sizes are chosen (`800000` as `800 KB`).
    static func decimalBytes(_ bytes: Int64) -> String {
        if bytes % 1_000_000 == 0 { return "\(bytes / 1_000_000) MB" }
        if bytes % 1000 == 0 { return "\(bytes / 1000) KB" }
        return "\(bytes) B"
    }

    /// `15000` as `15,000`.
    private static func grouped(_ value: Double) -> String {
        let digits = String(Int64(abs(value)))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }
}
