import Foundation
import Testing

/// Fails the running test when a blocking call (a socket connect or read, a wait for a child
/// process) is made on Swift's cooperative pool instead of a thread of its own. The pool has
/// two threads here; one blocked for seconds starves every other test's server handlers
/// (a route answered after 18 s, a `nil` response), far from the test at fault. The test
/// clients call it first thing, so the culprit fails where it blocks.
///
/// ```swift
/// func readHead() throws -> RawResponse {
///     BlockingCallCheck.offThePool("RawConnection.readHead")
///     ...
/// }
/// ```
package enum BlockingCallCheck {
    /// Records an issue, naming `call`, when the calling thread is running a task on the
    /// cooperative pool. Threads of the tests' own (``blocking(_:)``, `Thread`, a dispatch
    /// queue, a ``ThreadExecutor``) run no pool task and pass.
    package static func offThePool(
        _ call: String, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        guard onThePool else { return }
        Issue.record(
            "\(call) blocks a thread of the cooperative pool: run it inside `blocking { }`",
            sourceLocation: SourceLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }

    /// True when a task runs on this thread and the thread is not a ``ThreadExecutor``'s.
    package static var onThePool: Bool {
        guard withUnsafeCurrentTask(body: { $0 != nil }) else { return false }
        return Thread.current.threadDictionary[ownThreadKey] == nil
    }

    /// Set on threads that run tasks but belong to one test (``ThreadExecutor``).
    static let ownThreadKey = "NetworkLab.ownThread"
}
