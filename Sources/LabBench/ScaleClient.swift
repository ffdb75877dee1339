import Foundation

/// The client side of `lab bench scale`, run as `lab bench scale-client --port N` in a child
/// process so that it has a descriptor limit of its own: a ``LoadGenerator`` driven by
/// ``ScaleCommand`` lines on stdin, answering each with a ``ScaleReply`` line on stdout until
/// stdin closes. Not listed in the help: only the benchmark runs it.
package enum ScaleClient {
    /// The hidden subcommand's word after `lab bench`.
    package static let commandName = "scale-client"

    /// Serves commands until stdin closes; returns the exit status (0, 1 when the load
    /// generator cannot start, 2 for a line that is not a command).
    package static func run(port: Int) async -> Int32 {
        let load: LoadGenerator
        do {
            load = try LoadGenerator(port: port)
        } catch {
            writeLine("lab bench \(commandName): \(error)", to: .standardError)
            return 1
        }
        defer { load.shutdown() }
        while let line = await DedicatedThread.run(name: "lab-bench-stdin", { readLine() }) {
            guard let command = try? JSONDecoder().decode(ScaleCommand.self, from: Data(line.utf8)) else {
                writeLine("lab bench \(commandName): not a command: \(line.prefix(200))", to: .standardError)
                return 2
            }
            var reply = await perform(command, load)
            reply.descriptors = ProcessResources.openDescriptors()
            reply.residentBytes = ProcessResources.residentBytes() ?? 0
            writeLine(String(decoding: (try? JSONEncoder().encode(reply)) ?? Data(), as: UTF8.self), to: .standardOutput)
        }
        return 0
    }

    /// One line to the parent benchmark, which reads replies line by line: written and
    /// flushed at once. A parent that went away is not worth a crash.
    private static func writeLine(_ line: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    private static func perform(_ command: ScaleCommand, _ load: LoadGenerator) async -> ScaleReply {
        switch command {
        case .open(let count):
            let (open, error) = await load.open(count)
            return ScaleReply(open: open, error: error)
        case .fetch(let size, let bandwidth, let seedBase, let timeout):
            let count = await load.openCount()
            let requests = (0..<count).map { index in
                LoadRequest(ScaleCommand.target(size: size, bandwidth: bandwidth, seed: seedBase + index), seed: UInt64(seedBase + index))
            }
            let transfers = await load.fetch(requests, timeout: .seconds(timeout))
            let succeeded = transfers.filter(\.succeeded)
            return ScaleReply(
                open: await load.openCount(), succeeded: succeeded.count, failed: transfers.count - succeeded.count,
                error: transfers.lazy.compactMap(\.problem).first,
                rates: succeeded.compactMap(\.bodyRate)
            )
        case .repeatRequests(let path, let connections, let warmUp, let seconds):
            let (responses, failures) = await load.repeatRequests(
                LoadRequest(path), connections: connections, warmUp: .seconds(warmUp), duration: .seconds(seconds))
            return ScaleReply(open: await load.openCount(), succeeded: responses, failed: failures)
        case .close:
            await load.closeAll()
            return ScaleReply(open: 0)
        }
    }
}
