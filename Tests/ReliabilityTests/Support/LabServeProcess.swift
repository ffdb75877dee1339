import Foundation
import TestSupport

/// `lab serve` running as a child process, as a user or a CI script runs it: the test reads
/// the URL from its first line, talks to it over loopback, and stops it with SIGTERM.
final class LabServeProcess: @unchecked Sendable {
    // Unchecked: `process` is only read after `init`; `stderrFile` is read once it has exited.

    let process: Process
    /// The base URL from the first line of stdout.
    let url: URL
    /// The port in `url`.
    let port: Int
    private let stderrFile: URL

    /// Starts `lab serve ARGUMENTS` (after `shellPrefix`, such as `ulimit -n 64 &&`, run by
    /// `/bin/sh`) and waits for its first line; a lab silent for 30 s is killed. Blocks: call
    /// it inside ``blocking(_:)``.
    init(_ arguments: [String], shellPrefix: String? = nil) throws {
        let lab = try Repository.lab
        process = Process()
        if let shellPrefix {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(shellPrefix) exec \"$0\" \"$@\"", lab, "serve"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: lab)
            process.arguments = ["serve"] + arguments
        }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("lab-serve-\(UUID().uuidString).err")
        stderrFile = errors
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // A lab that never prints is killed, which ends the pipe and the wait below.
        let started = process
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { if started.isRunning { started.terminate() } }
        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else {
                throw TestSetupError("lab serve \(arguments) exited without printing its URL: \((try? TextFile.read(errors.path)) ?? "")")
            }
            line += more
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://[^ ]+"#, options: .regularExpression),
              let url = URL(string: String(text[range])), let port = url.port
        else {
            process.terminate()
            throw TestSetupError("lab serve's first line holds no URL: \(text)")
        }
        self.url = url
        self.port = port
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: stderrFile)
    }

    /// The process id, for `/proc/PID/...`.
    var pid: Int32 { process.processIdentifier }

    /// Sends SIGTERM, waits for the exit, and returns the exit status and everything written
    /// to stderr.
    func stop() -> (status: Int32, stderr: String) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, stderrSoFar)
    }

    /// What the process has written to stderr so far.
    var stderrSoFar: String {
        (try? TextFile.read(stderrFile.path)) ?? ""
    }

    /// CPU seconds (user and system) the process has used, from `/proc/PID/stat`.
    var cpuSeconds: Double {
        get throws {
            let stat = try TextFile.read("/proc/\(pid)/stat")
            // Fields after the command name (in parentheses, which may hold spaces): utime is
            // the 14th field of the line, stime the 15th, in clock ticks.
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            return (Double(fields[11])! + Double(fields[12])!) / ticks
        }
    }

    /// The address the listening socket on `port` is bound to, as `/proc/PID/net/tcp` (or
    /// `tcp6`) shows it: `127.0.0.1`, `0.0.0.0`, `::`; nil if there is no such listener.
    func listeningAddress() throws -> String? {
        // The kernel lists sockets in pieces; while other tests open and close thousands, a
        // read can skip an entry. The listener stays, so a later read finds it.
        for _ in 0..<50 {
            if let address = try listeningAddressOnce() { return address }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    private func listeningAddressOnce() throws -> String? {
        for table in ["tcp", "tcp6"] {
            for line in try TextFile.read("/proc/\(pid)/net/\(table)", chunk: 1 << 20).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN. Listeners come first.
                guard fields.count > 3, fields[3] == "0A" else { break }
                let local = fields[1].split(separator: ":")
                guard local.count == 2, Int(local[1], radix: 16) == port else { continue }
                return Self.address(hex: String(local[0]))
            }
        }
        return nil
    }

    private static func address(hex: String) -> String {
        // The kernel prints the address as 32-bit words in host (little-endian) order.
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 8)
            let word = UInt32(hex[index..<next], radix: 16)!
            bytes += withUnsafeBytes(of: word.littleEndian) { Array($0) }
            index = next
        }
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return bytes.allSatisfy { $0 == 0 } ? "::" : bytes.map { String(format: "%02x", $0) }.joined()
    }
}
