import MockServer
import NetworkCore

/// `lab bench scale`: how many connections one MockServer holds on this machine, idle and
/// downloading at a capped rate, with the clients in a child process so that each side has a
/// descriptor limit of its own.
struct ScaleBench {
    let quick: Bool

    /// Descriptors each process keeps free.
    private static let reserve = 128

    /// What the server's process holds at one moment.
    private struct Usage {
        var descriptors: Int
        var resident: Double

        static func now() -> Usage {
            Usage(descriptors: ProcessResources.openDescriptors(), resident: ProcessResources.residentBytes() ?? .nan)
        }
    }

    func run() async throws(BenchError) -> BenchReport {
        var report = BenchReport(name: BenchName.scale.rawValue)
        var configuration = MockServer.Configuration()
        // The descriptor limit is what this measures, less what the process holds and a
        // reserve: libdispatch crashes a process that runs out of descriptors (SIGILL in
        // _dispatch_workq_monitor_pools), so the server must stop accepting before that.
        configuration.limits.maxConnections = ProcessResources.raiseDescriptorLimit() - ProcessResources.openDescriptors() - Self.reserve
        let (before, peak, clientPeak, after) = try await BenchServer.with(configuration) { server throws(BenchError) in
            let client = try ScaleClientProcess.launch(port: server.port)
            do throws(BenchError) {
                _ = try await client.send(.close)
                let before = Usage.now()
                let (peak, clientPeak) = try await idle(server, client, capacity: configuration.limits.maxConnections, &report)
                try await shaped(server, client, &report)
                try await smallRequests(client, &report)
                _ = await Self.settledCount(server, expecting: 0)
                let after = Usage.now()
                await client.finish()
                return (before, peak, clientPeak, after)
            } catch {
                await client.stop()
                throw error
            }
        }
        let limit = ProcessResources.raiseDescriptorLimit()
        report.sections.append(BenchReport.Section(
            title: "Resources of the server's process (this one) and of the client process, before and after the connections above",
            figures: [
                .init(key: "resources.descriptors.before", label: "descriptors before", value: Double(before.descriptors), unit: .count),
                .init(key: "resources.descriptors.peak", label: "descriptors, most held", value: Double(peak.descriptors), unit: .count, note: "of a limit of \(limit)"),
                .init(key: "resources.descriptors.after", label: "descriptors after", value: Double(after.descriptors), unit: .count,
                      note: after.descriptors == before.descriptors ? "as before" : "\(abs(after.descriptors - before.descriptors)) \(after.descriptors > before.descriptors ? "more" : "fewer") than before"),
                .init(key: "resources.resident.before", label: "resident before", value: before.resident, unit: .bytes),
                .init(key: "resources.resident.peak", label: "resident, most held", value: peak.resident, unit: .bytes),
                .init(key: "resources.resident.after", label: "resident after", value: after.resident, unit: .bytes),
                .init(key: "resources.client.descriptors", label: "client process: descriptors", value: Double(clientPeak.descriptors), unit: .count, note: "holding the most"),
                .init(key: "resources.client.resident", label: "client process: resident", value: clientPeak.residentBytes, unit: .bytes, note: "holding the most"),
            ],
            definitions: [
                "Descriptors: entries of /proc/self/fd; resident: VmRSS. Before: the server and the client process running, no connection yet;",
                "  most held: while the server held the most idle connections; after: every connection closed again, the server still running.",
                "Resident after includes the server's journal, which keeps the last 100,000 requests (this benchmark makes over 50,000).",
            ]
        ))
        return report
    }

    /// Opens idle connections in batches up to the server's `capacity` or until a side runs
    /// out, then checks that every one the server holds is still served.
    private func idle(_ server: MockServer, _ client: ScaleClientProcess, capacity: Int, _ report: inout BenchReport) async throws(BenchError) -> (Usage, ScaleReply) {
        let wanted = quick ? 500 : capacity
        let batch = quick ? 250 : 2000
        var opened = 0
        var stop = ""
        var held = 0
        while opened < wanted {
            let reply = try await client.send(.open(count: min(batch, wanted - opened)))
            opened = reply.open
            held = await Self.settledCount(server, expecting: opened)
            if let error = reply.error {
                stop = "the client process could not open more: \(error)"
                break
            }
            if held < opened {
                stop = "the server stopped accepting at \(held) (connections beyond wait in the listen backlog)"
                break
            }
        }
        if stop.isEmpty { stop = quick ? "the benchmark asked for no more" : "the server's capacity: its descriptor limit less those it held and \(Self.reserve) spare" }
        let usage = Usage.now()
        let check = try await client.send(.fetch(size: 1, bandwidth: nil, seedBase: 0, timeout: 5))
        _ = try await client.send(.close)
        _ = await Self.settledCount(server, expecting: 0)
        let target = quick ? 500 : 15_000
        report.sections.append(BenchReport.Section(
            title: "Idle connections: the client process opens batches of \(batch) up to \(BenchUnit.count.format(Double(wanted)))",
            figures: [
                .init(key: "idle.held", label: "held by the server", value: Double(held), unit: .count, note: "at once"),
                .init(key: "idle.opened", label: "opened by the client", value: Double(opened), unit: .count, note: stop),
                .init(key: "idle.answered", label: "then answered", value: Double(check.succeeded), unit: .count,
                      note: "GET /bytes/1 on every client connection" + (check.failed > 0 ? "; \(check.failed) failed: \(check.error ?? "?")" : "")),
            ],
            definitions: [
                "held = MockServer.connectionCount() once it stopped growing. Capacity = limits.maxConnections, set to the descriptor limit (RLIMIT_NOFILE, per process)",
                "  less the descriptors the process held and \(Self.reserve) spare: a process out of descriptors is killed by libdispatch's pool monitor.",
                "answered: afterwards every client connection sends one request; those the server never accepted time out after 5 s.",
            ]
        ))
        report.expect("idle.held", "at least \(BenchUnit.count.format(Double(target))) idle connections held", Double(held), .count, atLeast: Double(target))
        report.expect("idle.answered", "every held connection still answered", Double(check.succeeded), .count, atLeast: Double(held))
        return (usage, check)
    }

    /// Many downloads at once, each capped, checked against the journal.
    private func shaped(_ server: MockServer, _ client: ScaleClientProcess, _ report: inout BenchReport) async throws(BenchError) {
        let count = quick ? 200 : 10_000
        let rate: Int64 = 10_000
        let seconds = quick ? 0.5 : 3.0
        let size = Int64(Double(rate) * seconds)
        // A stall of the machine spoils one round, not the median of three.
        let rounds = quick ? 1 : 3
        var largest = BenchSamples(), medians = BenchSamples(), p99s = BenchSamples(), journalLargest = BenchSamples()
        var within = Int.max, complete = 0
        var failure: String?
        for round in 0..<rounds {
            let seedBase = 1_000_000 * (round + 1)
            server.journal.clear()
            let opened = try await client.send(.open(count: count))
            guard opened.open == count else { throw BenchError("the client process opened \(opened.open) of \(count) connections: \(opened.error ?? "?")") }
            let reply = try await client.send(.fetch(size: size, bandwidth: rate, seedBase: seedBase, timeout: seconds * 5 + 30))
            _ = try await client.send(.close)
            complete = reply.succeeded
            guard reply.failed == 0 else {
                failure = reply.error
                break
            }
            let targets = (0..<count).map { ScaleCommand.target(size: size, bandwidth: rate, seed: seedBase + $0) }
            let entries = try await BenchServer.entries(server, targets: targets)
            // A download whose rate the client could not time counts as missed.
            let errors = BenchSamples(reply.rates.map { abs($0 - Double(rate)) / Double(rate) } + Array(repeating: .infinity, count: count - reply.rates.count))
            largest.append(errors.max)
            medians.append(errors.median)
            p99s.append(errors.percentile(0.99))
            journalLargest.append(entries.map { abs($0.bodyRate - Double(rate)) / Double(rate) }.max() ?? .nan)
            within = min(within, errors.values.count { $0 < 0.02 })
        }
        report.sections.append(BenchReport.Section(
            title: "\(BenchUnit.count.format(Double(count))) shaped downloads at once: GET /bytes/\(ByteCount(bytes: size))?bandwidth=\(BenchUnit.bytesPerSecond.format(Double(rate))) on every connection, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: [
                .init(key: "shaped.succeeded", label: "complete and intact", value: Double(complete), unit: .count,
                      note: "of \(count)" + (failure.map { "; first failure: \($0)" } ?? (rounds > 1 ? ", in every round" : ""))),
                .init(key: "shaped.within", label: "within 2% of the cap", value: Double(within == .max ? 0 : within), unit: .count, note: "of \(count), in the worst round"),
                .init(key: "shaped.median", label: "rate error, median", value: medians.median, unit: .fraction, samples: medians.values),
                .init(key: "shaped.p99", label: "rate error, 99th pct", value: p99s.median, unit: .fraction, samples: p99s.values),
                .init(key: "shaped.max", label: "rate error, largest", value: largest.median, unit: .fraction, samples: largest.values,
                      note: "median over rounds of each round's largest; server journal \(BenchUnit.fraction.format(journalLargest.median))"),
            ],
            definitions: [
                "rate error = |achieved - cap| / cap; achieved = body bytes / time from the response head read to the last body byte read, as the client observes it",
                "  (the client process, on its event loop thread). Server journal, a diagnostic: from the head's send to the last byte's send, on the server's loop.",
                "All requests of a round go out at once; the client process reads every connection on one event loop thread and checks each body against the payload.",
                "Each figure is the median over the rounds of that round's statistic.",
            ]
        ))
        report.expect("shaped.max", "\(BenchUnit.count.format(Double(count))) shaped downloads, each within 2% of its rate as the client sees it (largest error, median round)", failure == nil ? largest.median : .infinity, .fraction, below: 0.02)
    }

    /// Small requests on 1,000 keep-alive connections from the client process.
    private func smallRequests(_ client: ScaleClientProcess, _ report: inout BenchReport) async throws(BenchError) {
        let connections = 1000
        let (warmUp, seconds) = quick ? (0.05, 0.2) : (0.5, 3.0)
        let opened = try await client.send(.open(count: connections))
        guard opened.open == connections else { throw BenchError("the client process opened \(opened.open) of \(connections) connections: \(opened.error ?? "?")") }
        let reply = try await client.send(.repeatRequests(path: "/bytes/1KiB", connections: connections, warmUp: warmUp, seconds: seconds))
        _ = try await client.send(.close)
        guard reply.failed == 0 else { throw BenchError("\(reply.failed) small requests failed: \(reply.error ?? "?")") }
        report.sections.append(BenchReport.Section(
            title: "Small requests: GET /bytes/1KiB on \(BenchUnit.count.format(Double(connections))) keep-alive connections from the client process",
            figures: [.init(key: "small.rate", label: "requests per second", value: Double(reply.succeeded) / seconds, unit: .perSecond)],
            definitions: ["2xx responses read within a \(BenchUnit.seconds.format(seconds)) window after a \(BenchUnit.seconds.format(warmUp)) warm-up, / the window; next request on a connection as soon as its response is in."]
        ))
    }

    /// The server's connection count once it reaches `expecting` or stops changing for half a second.
    private static func settledCount(_ server: MockServer, expecting: Int) async -> Int {
        var count = await server.connectionCount()
        var stableSince = Instant.now()
        while count != expecting, Instant.now() - stableSince < .milliseconds(500) {
            try? await Task.sleep(for: .milliseconds(20))
            let now = await server.connectionCount()
            if now != count { stableSince = .now() }
            count = now
        }
        return count
    }
}
