import Foundation

/// Numbers as the table, the explanation and the charts write them.
enum Format {
    /// `11.96 s`; three decimals below 10 ms.
    static func seconds(_ value: Double) -> String {
        String(format: value < 0.01 ? "%.3f s" : "%.2f s", value)
    }

    /// `11.08 MB/s` (decimal megabytes, as a network rate usually is).
    static func rate(_ bytesPerSecond: Double) -> String {
        if bytesPerSecond >= 1e9 { return String(format: "%.2f GB/s", bytesPerSecond / 1e9) }
        if bytesPerSecond >= 1e6 { return String(format: "%.2f MB/s", bytesPerSecond / 1e6) }
        if bytesPerSecond >= 1e3 { return String(format: "%.1f KB/s", bytesPerSecond / 1e3) }
        return String(format: "%.0f B/s", bytesPerSecond)
    }

    /// `104.9 MB`.
    static func bytes(_ count: Double) -> String {
        if count >= 1e9 { return String(format: "%.2f GB", count / 1e9) }
        if count >= 1e6 { return String(format: "%.1f MB", count / 1e6) }
        if count >= 1e3 { return String(format: "%.1f KB", count / 1e3) }
        return String(format: "%.0f B", count)
    }

    /// `+0.4%`, signed.
    static func percent(_ value: Double) -> String {
        String(format: "%+.1f%%", value)
    }

    /// `9.20×`.
    static func factor(_ value: Double) -> String {
        String(format: "%.2f×", value)
    }
}
