import Foundation

/// Runs blocking work (a socket read, a child process) on a thread of its own and returns its
/// result, so that live tests never block Swift's two-thread cooperative pool, which the other
/// tests running in parallel need.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// The seconds `work` took, measured on the calling thread, with its result.
func timed<T>(_ work: () throws -> T) rethrows -> (result: T, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try work()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The seconds `work` took, measured on the calling task, with its result.
func timedAsync<T>(_ work: () async throws -> T) async rethrows -> (result: T, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try await work()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
