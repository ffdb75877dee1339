#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What this process holds (memory, descriptors) and how busy the machine is, read from
/// `/proc` (Linux); nil where the platform does not say.
package enum ProcessResources {
    /// Resident memory now (`VmRSS`).
    package static func residentBytes() -> Double? {
        statusField("VmRSS")
    }

    /// The most resident memory since the process started or since ``resetPeak()`` (`VmHWM`).
    package static func peakResidentBytes() -> Double? {
        statusField("VmHWM")
    }

    /// Restarts the peak at the current resident size (Linux 4.0 and later); false when the
    /// kernel refused.
    @discardableResult
    package static func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// The open file descriptors.
    package static func openDescriptors() -> Int {
        // The listing itself holds one descriptor while it reads the folder.
        max(0, ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 1) - 1)
    }

    /// CPU time (user and system) this process has used so far, on all its threads.
    package static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(Self.wholeProcess, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The processors this process may run on.
    package static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The 1, 5 and 15 minute load averages.
    package static func loadAverage() -> [Double] {
        var loads = [Double](repeating: 0, count: 3)
        let count = getloadavg(&loads, 3)
        return Array(loads.prefix(max(0, Int(count))))
    }

    /// This process's descriptor limit in force (the soft one, `ulimit -n`); 0 when unknown.
    package static var descriptorLimit: Int {
        var limit = rlimit()
        guard getrlimit(Self.noFile, &limit) == 0 else { return 0 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Raises this process's soft descriptor limit to its hard limit; returns the limit now
    /// in force.
    @discardableResult
    package static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Self.noFile, &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Self.noFile, &limit)
            _ = getrlimit(Self.noFile, &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    #if canImport(Glibc)
    private static let noFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let noFile = RLIMIT_NOFILE
    #endif

    #if canImport(Glibc)
    private static let wholeProcess = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let wholeProcess = RUSAGE_SELF
    #endif

    /// A `kB` field of `/proc/self/status`, in bytes.
    private static func statusField(_ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return number.flatMap { Double($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
