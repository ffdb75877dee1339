/// Polls `condition` every 10 ms until it holds; throws if it still does not after `timeout`
/// seconds, so a test waits for a state of a live server or socket, never for a fixed time.
package func waitUntil(timeout: Double = 5, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw ConditionTimeout(seconds: timeout) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A condition a test waited for did not hold in time.
package struct ConditionTimeout: Error, CustomStringConvertible {
    package var seconds: Double
    package var description: String { "the condition did not hold within \(seconds) s" }
}
