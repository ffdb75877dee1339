import Testing

/// Runs each test of a live suite (real sockets, real time, child processes) at high
/// priority, on threads of its own.
///
/// Swift Testing starts every test at once. At the start of a run about a thousand pure tests
/// queue on the cooperative pool's two medium-priority threads, and a live test's task, resumed
/// by a socket or a child process, waits behind them: 3 to 6 s on a normal run, 11 to 19 s
/// under AddressSanitizer (`PoolWatch` measured it; no test blocks the pool, the machine is
/// simply busy with them). On Linux each priority has its own pool, so a live test at high
/// priority resumes at once and shares the cores with the rest through the kernel's scheduler,
/// and its waits mean what they say. The pure tests keep the medium pool: they do not care
/// when they run.
///
/// ```swift
/// @Suite(.live, .serialized) struct LiveServerTests {}
/// ```
package struct LiveTrait: SuiteTrait, TestTrait, TestScoping {
    /// Applies to every test in the suite and its nested suites.
    package var isRecursive: Bool { true }

    /// Scopes test cases only: the suite itself runs nothing.
    package func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    /// Runs the test case in a child task at high priority, and waits for it: a child task
    /// keeps the test's task-local values (the test, its issues) and its cancellation.
    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withoutActuallyEscaping(function) { function in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask(priority: .high) { try await function() }
                try await group.waitForAll()
            }
        }
    }
}

extension Trait where Self == LiveTrait {
    /// A live suite's tests run at high priority (see ``LiveTrait``).
    package static var live: Self { LiveTrait() }
}
