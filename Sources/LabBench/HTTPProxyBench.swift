import Foundation
import MockServer
import NetworkCore

/// The HTTP half of `lab bench proxy`: unshaped throughput through MockServer's HTTP proxy
/// beside the same upstream reached directly, in one run.
struct HTTPProxyBench {
    let quick: Bool

    /// Measures and adds its section and target to `report`.
    func measure(_ report: inout BenchReport) async throws(BenchError) {
        let upstream = try HTTPBenchUpstream.start()
        defer { upstream.stop() }
        let proxy: MockServer
        do {
            proxy = try await MockServer.start(upstream: URL(string: "http://127.0.0.1:\(upstream.port)")!)
        } catch {
            throw BenchError("HTTP proxy: \(error)")
        }
        let size: Int64 = quick ? 64 << 20 : 1 << 30
        let rounds = quick ? 1 : 3
        var direct = BenchSamples(), proxied = BenchSamples(), ratios = BenchSamples()
        // The whole process's CPU time and the transfers' time, per path.
        var cpu: [Bool: Double] = [false: 0, true: 0], seconds: [Bool: Double] = [false: 0, true: 0]
        for round in 0..<rounds {
            var rates: [Bool: Double] = [:]
            for throughProxy in round % 2 == 0 ? [false, true] : [true, false] {
                let cpuBefore = ProcessResources.cpuSeconds()
                let outcome = try await PlainReader.download("/\(size)", port: throughProxy ? proxy.port : upstream.port)
                cpu[throughProxy]! += ProcessResources.cpuSeconds() - cpuBefore
                guard outcome.status == 200, outcome.bodyBytes == size else {
                    throw BenchError("HTTP proxy: \(outcome.bodyBytes) of \(size) bytes, status \(outcome.status)")
                }
                seconds[throughProxy]! += (outcome.end - outcome.sent).seconds
                rates[throughProxy] = Double(outcome.bodyBytes) / (outcome.end - outcome.sent).seconds
            }
            direct.append(rates[false]!)
            proxied.append(rates[true]!)
            ratios.append(rates[true]! / rates[false]!)
        }
        let sentDirectly = Double(proxy.directBodyBytes) / Double(size * Int64(rounds))
        let gibibytes = Double(size) * Double(rounds) / Double(1 << 30)
        // As for the TCP proxy: what the cores could carry at the proxied path's CPU per byte.
        let ceiling = Double(ProcessResources.cores) * Double(size) * Double(rounds) / max(cpu[true]!, .leastNonzeroMagnitude) / direct.median
        func perGiB(_ throughProxy: Bool, _ key: String, _ label: String, _ who: String) -> BenchReport.Figure {
            .init(key: key, label: label, value: cpu[throughProxy]! / gibibytes, unit: .seconds,
                  note: "\(who); \(BenchUnit.ratio.format(cpu[throughProxy]! / max(seconds[throughProxy]!, .leastNonzeroMagnitude))) cores busy")
        }
        await proxy.close()
        report.sections.append(BenchReport.Section(
            title: "HTTP proxy throughput: GET of \(BenchUnit.bytes.format(Double(size))) straight and through the HTTP proxy, \(rounds) round\(rounds == 1 ? "" : "s") alternating",
            figures: [
                .init(key: "http.throughput.direct", label: "straight to the upstream", value: direct.median, unit: .bytesPerSecond, samples: direct.values, note: "median"),
                .init(key: "http.throughput.proxied", label: "through the HTTP proxy", value: proxied.median, unit: .bytesPerSecond, samples: proxied.values, note: "median"),
                .init(key: "http.throughput.ratio", label: "proxied / straight", value: ratios.median, unit: .ratio, samples: ratios.values, note: "median of each round's ratio"),
                .init(key: "http.throughput.sent.directly", label: "body bytes sent from the upstream's socket", value: sentDirectly, unit: .fraction,
                      note: "not through a stream"),
                perGiB(false, "http.throughput.cpu.direct", "process CPU time per GiB, straight", "upstream and reader"),
                perGiB(true, "http.throughput.cpu.proxied", "process CPU time per GiB, through the proxy", "upstream, proxy and reader"),
                .init(key: "http.throughput.ceiling", label: "ratio the cores allow at that CPU per GiB", value: ceiling, unit: .ratio,
                      note: "\(ProcessResources.cores) cores / proxied CPU per byte / straight rate"),
            ],
            definitions: [
                "rate = body bytes / time from the request written to the last byte read, on the reader's own thread (blocking recv into 256 KiB).",
                "The upstream is a minimal HTTP/1.1 server on blocking sockets, a thread per connection, sending 1 MiB pieces; the proxy parses its response head, then, on its event loop, reads the body from the upstream's socket as far as the client's socket has room (up to 4 MiB at a time) and sends it on (the bytes that came with the head go first).",
                "CPU time = getrusage for the process (user and system); the ceiling is read as the TCP proxy's: under 0.7, this machine's cores cannot carry the target whatever the proxy does.",
            ]
        ))
        report.expect("http.throughput.ratio", "HTTP-proxied throughput >= 0.7 x straight", ratios.median, .ratio, atLeast: 0.7)
    }
}
