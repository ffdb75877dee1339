import Foundation

/// Runs the download workload in a mode with the client the mode names.
enum DownloadModes {
    static func run(_ mode: Mode, url: URL, count: Int, seed: UInt64, control: RunControl) async -> Measurement {
        Measurement(seconds: 0, completed: 0, bytes: 0, failures: ["the clients are not integrated yet"], retries: 0, interrupted: false)
    }
}
