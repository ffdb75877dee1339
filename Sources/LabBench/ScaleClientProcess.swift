import Foundation

/// `lab bench scale`'s handle on its client process: launches `lab bench scale-client`
/// (this same executable), sends it ``ScaleCommand``s and reads its ``ScaleReply``s.
final class ScaleClientProcess: Sendable {
    private let process: Process
    private let commands: FileHandle
    private let replies: FileHandle
    /// Signalled by the process's termination handler. Foundation's `waitUntilExit()` would
    /// spin a core here: it waits on the run loop of the thread that started the process.
    private let exited: DispatchSemaphore

    private init(process: Process, commands: FileHandle, replies: FileHandle, exited: DispatchSemaphore) {
        self.process = process
        self.commands = commands
        self.replies = replies
        self.exited = exited
    }

    /// Starts the client process for the server on 127.0.0.1:`port`.
    static func launch(port: Int) throws(BenchError) -> ScaleClientProcess {
        let process = Process()
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["bench", ScaleClient.commandName, "--port", String(port)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start the client process \(executable): \(error)")
        }
        return ScaleClientProcess(process: process, commands: input.fileHandleForWriting, replies: output.fileHandleForReading, exited: exited)
    }

    /// Sends `command` and waits for the reply.
    func send(_ command: ScaleCommand) async throws(BenchError) -> ScaleReply {
        do {
            try commands.write(contentsOf: JSONEncoder().encode(command) + Data("\n".utf8))
        } catch {
            throw BenchError("the client process does not take commands: \(error)")
        }
        let line = await DedicatedThread.run(name: "lab-bench-replies") { [replies] in
            var line = Data()
            while line.last != UInt8(ascii: "\n") {
                let more = replies.availableData
                if more.isEmpty { break }
                line += more
            }
            return line
        }
        guard let reply = try? JSONDecoder().decode(ScaleReply.self, from: line) else {
            throw BenchError("the client process \(line.isEmpty ? "exited" : "answered \"\(String(decoding: line.prefix(200), as: UTF8.self))\"") instead of replying")
        }
        return reply
    }

    /// Closes the client's stdin, so that it closes its connections and exits, and waits for it.
    func finish() async {
        try? commands.close()
        let exited = exited
        await DedicatedThread.run(name: "lab-bench-wait") {
            exited.wait()
            exited.signal()  // a later wait returns at once
        }
    }

    /// Ends the client process at once (SIGTERM) and waits for it: after a failure, when it
    /// may be busy with a command.
    func stop() async {
        process.terminate()
        await finish()
    }
}
