import LabBench
import NetworkCore

/// Runs the hash workload in a mode: a loop on one thread, async tasks on one actor, or a
/// pool of threads. Each run is timed from its first slice to its last.
enum HashModes {
    /// Hashes every payload in `mode`; `payloads` were made before timing.
    static func run(_ mode: Mode, payloads: [[UInt8]], control: RunControl) async -> Measurement {
        let start = Instant.now()
        let digests: [[UInt8]?]
        switch mode {
        case .sequential, .urlsession:
            digests = await DedicatedThread.run(name: "lab-hash") {
                payloads.map { hashOnThread($0, control: control) }
            }
        case .concurrent:
            digests = await onActor(payloads, limit: payloads.count, control: control)
        case .bounded(let limit):
            digests = await onActor(payloads, limit: limit, control: control)
        case .threads(let threads):
            digests = await onThreads(payloads, threads: threads, control: control)
        }
        let seconds = (Instant.now() - start).seconds
        let completed = digests.count { $0 != nil }
        return Measurement(
            seconds: seconds, completed: completed, bytes: Int64(zip(payloads, digests).reduce(0) { $0 + ($1.1 == nil ? 0 : $1.0.count) }),
            failures: [], retries: 0, interrupted: control.isStopping && completed < payloads.count)
    }

    /// Hashes on the calling thread in slices, so a stop is noticed within a slice.
    static func hashOnThread(_ payload: [UInt8], control: RunControl) -> [UInt8]? {
        var sha = SHA256()
        var offset = 0
        while offset < payload.count {
            guard !control.isStopping else { return nil }
            let end = min(payload.count, offset + HashingActor.slice)
            payload.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
            control.add(end - offset)
            offset = end
        }
        return sha.finalize()
    }

    /// Every payload as an async task on one actor, at most `limit` tasks at once.
    private static func onActor(_ payloads: [[UInt8]], limit: Int, control: RunControl) async -> [[UInt8]?] {
        let actor = HashingActor()
        return await withTaskGroup(of: (Int, [UInt8]?).self) { group in
            var results = [[UInt8]?](repeating: nil, count: payloads.count)
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask { (index, await actor.hash(payloads[index], control: control)) }
            }
            while next < min(limit, payloads.count) { startNext() }
            for await (index, digest) in group {
                results[index] = digest
                if next < payloads.count { startNext() }
            }
            return results
        }
    }

    /// Every payload on a pool of `threads` threads, each taking the next payload.
    private static func onThreads(_ payloads: [[UInt8]], threads: Int, control: RunControl) async -> [[UInt8]?] {
        let queue = JobQueue(count: payloads.count)
        return await withTaskGroup(of: [(Int, [UInt8]?)].self) { group in
            for thread in 0..<min(threads, payloads.count) {
                group.addTask {
                    await DedicatedThread.run(name: "lab-hash-\(thread)") {
                        var done: [(Int, [UInt8]?)] = []
                        while let index = queue.take() {
                            done.append((index, hashOnThread(payloads[index], control: control)))
                        }
                        return done
                    }
                }
            }
            var results = [[UInt8]?](repeating: nil, count: payloads.count)
            for await done in group {
                for (index, digest) in done { results[index] = digest }
            }
            return results
        }
    }
}
