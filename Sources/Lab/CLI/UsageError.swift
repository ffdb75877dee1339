/// A command line that cannot run: printed as one line saying what was wrong and how to fix
/// it, with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// Exit statuses, the public contract scripts rely on.
enum ExitStatus {
    /// Everything asked for was done.
    static let success: Int32 = 0
    /// An experiment ran but failed: a download failed after its retries, or a server error.
    static let failure: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
    /// Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); what was measured is kept.
    static let interrupted: Int32 = 130
}
