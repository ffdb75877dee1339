import Foundation
import NetworkCore
import TestSupport
import Testing

/// `lab proxy` streams bodies: a gigabyte from `lab serve` through an HTTP proxy, and a
/// gigabyte uploaded through it to Python's `http.server`, while the proxy's resident memory
/// (read from `/proc`) stays within 64 MiB of where it started. Under a sanitizer resident
/// memory says nothing (see below), so 100 MB each way only show the bytes arrive.
@Suite struct ProxyMemoryTests {
    static let size = Sanitizers.present ? 100_000_000 : 1_000_000_000

    @Test func oneGigabyteThroughTheHTTPProxy_keepsItsMemoryFlat() async throws {
        try await IsolatedTest.run("ProxyMemoryTests/oneGigabyteInThisProcess", timeout: 240)
    }

    @Test(.enabled(if: IsolatedTest.isChild)) func oneGigabyteInThisProcess() async throws {
        let serve = try LabProcess(["serve"])
        let upstream = try await serve.url()
        let proxy = try LabProcess(["proxy", "--upstream", upstream.absoluteString])
        let url = try await proxy.url()
        let pid = proxy.pid

        // A first exchange grows the pools and buffers that any exchange needs.
        #expect(try await Self.curlSize(url.appendingPathComponent("bytes/4MB")) == 4_000_000)
        let (received, growth, baseline) = try await Self.residentGrowth(of: pid) {
            try await Self.curlSize(url.appendingPathComponent("bytes/\(Self.size)"))
        }
        #expect(received == Self.size)
        // Under a sanitizer the proxy's freed buffers sit in quarantine or beside shadow memory,
        // so resident memory grows whatever the proxy holds; the bytes still must all arrive.
        if ProcessResources.residentMemoryShowsLeaks {
            #expect(growth < 64 * 1_048_576, "the proxy grew by \(growth / 1_048_576) MiB from \(baseline / 1_048_576) MiB")
        }

        proxy.terminate()
        serve.terminate()
        #expect(try await proxy.exit().status == 0)
        #expect(try await serve.exit().status == 0)
    }

    @Test func aClientThatStopsReading_holdsTheUpstreamBack() async throws {
        try await IsolatedTest.run("ProxyMemoryTests/stoppedReaderInThisProcess", timeout: 120)
    }

    /// A client reads 1 MB of a gigabyte, then nothing for 2 s: the proxy reads the upstream
    /// only as far as the client's socket takes, so it holds a few MiB at most, not what the
    /// upstream could send meanwhile.
    @Test(.enabled(if: IsolatedTest.isChild)) func stoppedReaderInThisProcess() async throws {
        let serve = try LabProcess(["serve"])
        let upstream = try await serve.url()
        let proxy = try LabProcess(["proxy", "--upstream", upstream.absoluteString])
        let url = try await proxy.url()
        let port = try #require(url.port)
        #expect(try await Self.curlSize(url.appendingPathComponent("bytes/4MB")) == 4_000_000)
        let (read, growth, baseline) = try await Self.residentGrowth(of: proxy.pid) {
            try await blocking { () -> Int in
                let client = try RawTCPClient(port: port, receiveBuffer: 64 * 1024)
                defer { client.close() }
                try client.send(Array("GET /bytes/1GB HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                let read = client.receive(limit: 1_000_000, silence: 10).bytes.count
                Thread.sleep(forTimeInterval: 2)
                return read
            }
        }
        #expect(read == 1_000_000)
        if ProcessResources.residentMemoryShowsLeaks {
            #expect(growth < 16 * 1_048_576, "the proxy grew by \(growth / 1_048_576) MiB from \(baseline / 1_048_576) MiB")
        }
        proxy.terminate()
        serve.terminate()
        #expect(try await proxy.exit().status == 0)
        #expect(try await serve.exit().status == 0)
    }

    @Test func oneGigabyteUploadThroughTheHTTPProxy_keepsItsMemoryFlat() async throws {
        try await IsolatedTest.run("ProxyMemoryTests/oneGigabyteUploadInThisProcess", timeout: 240)
    }

    @Test(.enabled(if: IsolatedTest.isChild)) func oneGigabyteUploadInThisProcess() async throws {
        let upstream = try await PythonUpstream.start()
        defer { upstream.stop() }
        let proxy = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString])
        let sink = try await proxy.url().appendingPathComponent("sink")
        let pid = proxy.pid

        #expect(try await Self.upload(4_000_000, to: sink).contains(#""received": 4000000"#))
        let (answer, growth, baseline) = try await Self.residentGrowth(of: pid) {
            try await Self.upload(Self.size, to: sink)
        }
        // The SHA-256 of that many zeros, as sha256sum gives it.
        let sha256 = Sanitizers.present
            ? "a993f8c574e0fea8c1cdcbcd9408d9e2e107ee6e4d120edcfa11decd53fa0cae" : "bc17f06f9d9b5f6f79ca189a1772b1a3a38d6e40c45bec50f9c4f28144efddca"
        #expect(answer.contains(#""received": \#(Self.size), "sha256": "\#(sha256)""#), "\(answer)")
        if ProcessResources.residentMemoryShowsLeaks {
            #expect(growth < 64 * 1_048_576, "the proxy grew by \(growth / 1_048_576) MiB from \(baseline / 1_048_576) MiB")
        }
        proxy.terminate()
        #expect(try await proxy.exit().status == 0)
    }

    /// Runs `transfer` while sampling process `pid`'s resident memory every 20 ms; returns its
    /// result, the peak's growth over the memory just before, and that baseline.
    static func residentGrowth<T: Sendable>(
        of pid: Int32, during transfer: () async throws -> T
    ) async throws -> (result: T, growth: Int, baseline: Int) {
        let baseline = try residentBytes(pid)
        let peak = Lock(0)
        let done = Lock(false)
        async let sampling: Void = blocking {
            while !done.withLock({ $0 }) {
                if let resident = try? residentBytes(pid) { peak.withLock { $0 = max($0, resident) } }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        let result: T
        do {
            result = try await transfer()
        } catch {
            done.withLock { $0 = true }
            try await sampling
            throw error
        }
        done.withLock { $0 = true }
        try await sampling
        return (result, peak.withLock { $0 } - baseline, baseline)
    }

    /// `count` zero bytes uploaded with `curl -T -` (chunked) to `url`; returns the answer.
    static func upload(_ count: Int, to url: URL) async throws -> String {
        try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "head -c \(count) /dev/zero | curl -sS --noproxy '*' -T - '\(url.absoluteString)'"]
            let output = Pipe()
            process.standardOutput = output
            try process.runTied()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            return text
        }
    }

    /// `VmRSS` of process `pid`, in bytes.
    static func residentBytes(_ pid: Int32) throws -> Int {
        let status = try TextFile.read("/proc/\(pid)/status")
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) })
        else { throw CocoaError(.fileReadCorruptFile) }
        return kilobytes * 1024
    }

    /// The number of body bytes curl received from `url`, its body thrown away.
    static func curlSize(_ url: URL) async throws -> Int {
        try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-sS", "--noproxy", "*", "-o", "/dev/null", "-w", "%{size_download}", url.absoluteString]
            let output = Pipe()
            process.standardOutput = output
            try process.runTied()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            return Int(text) ?? -1
        }
    }
}
