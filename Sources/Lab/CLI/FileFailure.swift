import Foundation

/// Why a file could not be read or written, in the system's words: "No such file or
/// directory", "Is a directory", "Permission denied". On Linux, Foundation's own messages
/// ("The operation could not be completed. (NSCocoaErrorDomain error 512.)") name nothing a
/// user can act on; the `errno` underneath does.
enum FileFailure {
    /// The reason for `error`, a file operation's: its `errno`'s text when it has one, and the
    /// description of an error of the package's own (a HAR file that is not one).
    static func reason(_ error: any Error) -> String {
        let failure = error as NSError
        guard failure.domain == NSCocoaErrorDomain || failure.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let underlying = failure.userInfo[NSUnderlyingErrorKey].flatMap { $0 as? any Error }.map { $0 as NSError }
        for candidate in [failure, underlying] {
            if let candidate, candidate.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(candidate.code))) }
        }
        return error.localizedDescription
    }
}
