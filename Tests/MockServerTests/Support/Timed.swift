import Foundation

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
