import Foundation
import NetworkCore

/// Runs blocking work (a socket read, a child process, a blocking client's download) on a
/// thread of its own and returns its result, so that live tests never block Swift's
/// two-thread cooperative pool, which the other tests running in parallel need.
package func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    PoolWatch.start()
    return try await handOver { hand in
        let thread = Thread { hand(Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }.get()
}
