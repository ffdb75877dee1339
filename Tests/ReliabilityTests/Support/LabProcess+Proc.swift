import Foundation
import TestSupport

/// What `/proc` tells about a running lab: the CPU time it used, the descriptors it holds and
/// the address it listens on.
extension LabProcess {
    /// CPU seconds (user and system) lab has used, from `/proc/PID/stat`.
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

    /// The descriptors lab has open, from `/proc/PID/fd`.
    var openDescriptors: Int {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        }
    }

    /// The address lab's listening socket on `port` is bound to, as `/proc/PID/net/tcp` (or
    /// `tcp6`) shows it: `127.0.0.1`, `0.0.0.0`, `::`; nil if there is no such listener.
    /// Blocks for up to 2.5 s: call it inside ``blocking(_:)``.
    func listeningAddress(port: Int) throws -> String? {
        // The kernel lists sockets in pieces; while other tests open and close thousands, a
        // read can skip an entry. The listener stays, so a later read finds it.
        for _ in 0..<50 {
            if let address = try listeningAddressOnce(port: port) { return address }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    private func listeningAddressOnce(port: Int) throws -> String? {
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

    /// `/proc/net/tcp`'s hexadecimal address as people write it.
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
