import Foundation
import NetworkCore

extension BlockingLabClient {
    /// Runs `work` with this client on a thread of its own and returns its result to the
    /// awaiting task: the one-line way to use the blocking client from a test or any async
    /// code without blocking Swift's cooperative pool.
    ///
    /// ```swift
    /// let client = BlockingLabClient()
    /// let result = try await client.onOwnThread { try $0.download(server.url("/bytes/1MB")) }
    /// ```
    ///
    /// Each call starts one thread, which ends with `work`. The task waits for `work` even if
    /// cancelled: a blocking call ends on its own timeouts (``ClientConfiguration/timeouts``).
    public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable (BlockingLabClient) throws -> T) async throws -> T {
        try await handOver { hand in
            let thread = Thread { [self] in hand(Result { try work(self) }) }
            // The download keeps little on its stack; 1 MiB leaves room for a caller's closures.
            thread.stackSize = 1 << 20
            thread.start()
        }.get()
    }
}
