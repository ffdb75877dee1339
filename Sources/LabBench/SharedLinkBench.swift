import Foundation
import MockServer
import NetworkCore
import NetworkLabClient

/// The shared-link half of `lab bench link`: downloads sharing one `link-bandwidth`, each
/// judged on the time its client observed against ``SharedLinkClosedForm`` (worked out by
/// hand), with ``LinkModel``'s prediction as a second line and the server's journal as a
/// diagnostic.
struct SharedLinkBench {
    let quick: Bool

    private var rounds: Int { quick ? 1 : 3 }

    /// One shared-link scenario's downloads, judged one by one.
    private struct Flow {
        var label: String
        var target: String
        var seed: UInt64
        var size: Int64
        var cap: Double?
        /// The closed form's seconds from the request to the last byte.
        var expected: Double
        var measured = BenchSamples()
        var errors = BenchSamples()
        var model = BenchSamples()
        var modelErrors = BenchSamples()
        var journal = BenchSamples()
    }

    func run(_ report: inout BenchReport) async throws(BenchError) {
        let capacity = quick ? 4e6 : 20e6
        let link = LinkProfile(linkBandwidth: .bytesPerSecond(capacity))
        var modelGap = 0.0
        try await BenchServer.with(MockServer.Configuration(link: link)) { server throws(BenchError) in
            let load = try LoadGenerator(port: server.port)
            defer { load.shutdown() }
            try await load.openAll(10)
            modelGap = max(modelGap, try await staircase(server, load, link: link, &report))
            modelGap = max(modelGap, try await mixedCaps(server, load, link: link, &report))
        }
        modelGap = max(modelGap, try await article(&report))
        report.expect("shared.modelAgrees", "LinkModel agrees with every closed form within 0.1% (largest difference)", modelGap, .fraction, below: 0.001)
    }

    /// N downloads of S, 2S, ..., NS bytes at once, no caps: ``SharedLinkClosedForm/staircase(count:unit:capacity:)``.
    private func staircase(_ server: MockServer, _ load: LoadGenerator, link: LinkProfile, _ report: inout BenchReport) async throws(BenchError) -> Double {
        let count = quick ? 4 : 10
        let unit: Int64 = quick ? 200_000 : 1_000_000
        let capacity = link.linkBandwidth!.bytesPerSecond
        let finishes = SharedLinkClosedForm.staircase(count: count, unit: Double(unit), capacity: capacity)
        var flows = (0..<count).map { index in
            Flow(label: "download \(index + 1) (\(BenchUnit.decimalBytes(unit * Int64(index + 1))))", target: "", seed: 0,
                 size: unit * Int64(index + 1), cap: nil, expected: finishes[index])
        }
        try await measure(&flows, server, load, link: link, seedBase: 1000)
        let gap = try modelGap(flows, link: link)
        report.sections.append(section(
            flows, title: "Shared link, equal shares: \(count) downloads of 1..\(count) x \(BenchUnit.decimalBytes(unit)) at once on a \(BenchUnit.bytesPerSecond.format(capacity)) link-bandwidth, \(rounds) round\(rounds == 1 ? "" : "s")",
            closedForm: "closed form: k flows left on capacity C each get C/k, so download k of k x S ends at (S/C)(kN - k(k-1)/2) (N = \(count))", key: "staircase"
        ))
        report.expect("shared.staircase.maxError", "\(count) downloads sharing a link each within 2% of the closed form, as the client sees it (largest median error)",
                      flows.map(\.errors.median).max()!, .fraction, below: 0.02)
        return gap
    }

    /// Six downloads with mixed per-connection caps, sized so that each moves at its max-min
    /// share for the same time: ``SharedLinkClosedForm/mixedShares``.
    private func mixedCaps(_ server: MockServer, _ load: LoadGenerator, link: LinkProfile, _ report: inout BenchReport) async throws(BenchError) -> Double {
        let seconds = quick ? 0.5 : 2.0
        let capacity = link.linkBandwidth!.bytesPerSecond
        var flows = SharedLinkClosedForm.mixedCaps.indices.map { index in
            let cap = SharedLinkClosedForm.mixedCaps[index].map { $0 * capacity }
            let size = Int64(SharedLinkClosedForm.mixedShares[index] * capacity * seconds)
            return Flow(label: "cap \(cap.map(BenchUnit.bytesPerSecond.format) ?? "none"), share \(BenchUnit.bytesPerSecond.format(SharedLinkClosedForm.mixedShares[index] * capacity))",
                        target: "", seed: 0, size: size, cap: cap, expected: seconds)
        }
        try await measure(&flows, server, load, link: link, seedBase: 2000)
        let gap = try modelGap(flows, link: link)
        report.sections.append(section(
            flows, title: "Shared link, mixed caps: \(flows.count) downloads at once on a \(BenchUnit.bytesPerSecond.format(capacity)) link-bandwidth, each sized for \(BenchUnit.seconds.format(seconds)) at its max-min share, \(rounds) round\(rounds == 1 ? "" : "s")",
            closedForm: "closed form: max-min filling by hand (caps of 5%, 10%, 25%, 40% of the link and two uncapped get 5, 10, 21.25 x 4%); every download takes \(BenchUnit.seconds.format(seconds))", key: "mixed"
        ))
        report.expect("shared.mixed.maxError", "\(flows.count) downloads with mixed caps each within 2% of the max-min closed form, as the client sees it (largest median error)",
                      flows.map(\.errors.median).max()!, .fraction, below: 0.02)
        return gap
    }

    /// Runs `flows` at once from the load generator, `rounds` times, and records what each took.
    private func measure(_ flows: inout [Flow], _ server: MockServer, _ load: LoadGenerator, link: LinkProfile, seedBase: Int) async throws(BenchError) {
        for round in 0..<rounds {
            for index in flows.indices {
                flows[index].seed = UInt64(seedBase * (round + 1) + index)
                flows[index].target = "/bytes/\(flows[index].size)?seed=\(flows[index].seed)" + (flows[index].cap.map { "&bandwidth=\(Int64($0))" } ?? "")
            }
            let transfers = await load.fetch(flows.map { LoadRequest($0.target, seed: $0.seed) }, timeout: .seconds(60))
            if let problem = transfers.lazy.compactMap(\.problem).first { throw BenchError("a shared-link download failed: \(problem)") }
            let entries = try await BenchServer.entries(server, targets: flows.map(\.target))
            // The model is given each request's actual start, on the client's clock.
            let origin = transfers.compactMap(\.sent).min()!
            let plan = TransferPlan(
                downloads: flows.indices.map { index in
                    TransferPlan.Download(size: flows[index].size, startAt: (transfers[index].sent! - origin).seconds, newConnection: false,
                                          link: flows[index].cap.map { LinkProfile(bandwidth: .bytesPerSecond($0)) })
                },
                concurrency: nil
            )
            let prediction = try Self.predict(plan, on: link)
            for index in flows.indices {
                let took = (transfers[index].end! - transfers[index].sent!).seconds
                let modelled = prediction.downloads[index].finish - prediction.downloads[index].start
                flows[index].measured.append(took)
                flows[index].errors.append(abs(took - flows[index].expected) / flows[index].expected)
                flows[index].model.append(modelled)
                flows[index].modelErrors.append(abs(took - modelled) / modelled)
                flows[index].journal.append(entries[index].duration.seconds)
            }
        }
    }

    /// The largest relative difference between LinkModel and the closed form, all flows
    /// starting together: a check of the model against hand arithmetic, timing-free.
    private func modelGap(_ flows: [Flow], link: LinkProfile) throws(BenchError) -> Double {
        let plan = TransferPlan(
            downloads: flows.map { TransferPlan.Download(size: $0.size, newConnection: false, link: $0.cap.map { LinkProfile(bandwidth: .bytesPerSecond($0)) }) },
            concurrency: nil
        )
        let prediction = try Self.predict(plan, on: link)
        return flows.indices.map { index in
            abs(prediction.downloads[index].finish - prediction.downloads[index].start - flows[index].expected) / flows[index].expected
        }.max() ?? .nan
    }

    /// The link model's prediction of `plan`, which the benchmark built from valid values.
    private static func predict(_ plan: TransferPlan, on link: LinkProfile) throws(BenchError) -> TransferPrediction {
        do {
            return try LinkModel.predict(plan, on: link)
        } catch {
            throw BenchError("the link model refused a plan: \(error)")
        }
    }

    /// A report section of `flows`: per flow, the closed-form line that decides, then the model's.
    private func section(_ flows: [Flow], title: String, closedForm: String, key: String) -> BenchReport.Section {
        BenchReport.Section(
            title: title,
            figures: flows.indices.flatMap { index -> [BenchReport.Figure] in
                let flow = flows[index]
                return [
                    .init(key: "shared.\(key).\(index).error", label: "\(flow.label): error", value: flow.errors.median, unit: .fraction, samples: flow.errors.values,
                          note: "median; client \(BenchUnit.seconds.format(flow.measured.median)), closed form \(BenchUnit.seconds.format(flow.expected)); server journal \(BenchUnit.seconds.format(flow.journal.median))"),
                    .init(key: "shared.\(key).\(index).modelError", label: "  vs LinkModel", value: flow.modelErrors.median, unit: .fraction, samples: flow.modelErrors.values,
                          note: "median; model \(BenchUnit.seconds.format(flow.model.median)) from the actual start times"),
                ]
            },
            definitions: [
                "error = |measured - closed form| / closed form; measured = from the request written to the last body byte read, as the client observes it",
                "  (the load generator on its own event loop thread, CLOCK_MONOTONIC; connections opened beforehand, every request sent at once).",
                closedForm + ".",
                "vs LinkModel, a second line: the same measurement against LinkModel.predict given each request's actual start (the model shares the server's scheduler).",
                "Server journal, a diagnostic: from the request head complete to the last body byte sent, on the server's event loop.",
            ]
        )
    }

    /// The article's 10 x 10 MiB on its link, with the blocking client, one after another and
    /// all at once: ``SharedLinkClosedForm/articleSequential(count:size:)`` and
    /// ``SharedLinkClosedForm/articleConcurrent(count:size:)``.
    private func article(_ report: inout BenchReport) async throws(BenchError) -> Double {
        let count = 10
        let size: Int64 = quick ? 1 << 20 : 10 << 20
        guard let link = LinkProfile.preset(named: "article") else { throw BenchError("the article link preset is missing") }
        let expected = [
            SharedLinkClosedForm.articleSequential(count: count, size: Double(size)),
            SharedLinkClosedForm.articleConcurrent(count: count, size: Double(size)),
        ]
        let modelled = [
            try Self.predict(.sequential(count: count, size: size), on: link).total,
            try Self.predict(.concurrent(count: count, size: size), on: link).total,
        ]
        var measured = [BenchSamples(), BenchSamples()], journal = [BenchSamples(), BenchSamples()]
        let client = BlockingLabClient()
        try await BenchServer.with(MockServer.Configuration(link: link)) { server throws(BenchError) in
            for round in 0..<rounds {
                for mode in round % 2 == 0 ? [0, 1] : [1, 0] {
                    let urls = (0..<count).map { server.url("/bytes/\(size)?seed=\(100 * round + 10 * mode + $0 + 1)") }
                    // The blocking client times the batch on the thread that runs it.
                    let batch = await DedicatedThread.run(name: "lab-bench-article") {
                        client.downloadAll(urls, concurrency: mode == 0 ? 1 : count, to: { _, _ in .sink { _, _ in } })
                    }
                    if let failure = batch.results.first(where: { (try? $0.get()) == nil }), case .failure(let error) = failure {
                        throw BenchError("the article's \(mode == 0 ? "sequential" : "concurrent") downloads failed: \(error)")
                    }
                    measured[mode].append(batch.wallTime.seconds)
                    let entries = try await BenchServer.entries(server, targets: urls.map { $0.path + "?" + ($0.query ?? "") })
                    journal[mode].append((entries.map { $0.start + $0.duration }.max()! - entries.map(\.start).min()!).seconds)
                }
            }
        }
        let names = ["sequential", "concurrent"]
        let errors = (0..<2).map { mode in BenchSamples(measured[mode].values.map { abs($0 - expected[mode]) / expected[mode] }) }
        let modelErrors = (0..<2).map { mode in BenchSamples(measured[mode].values.map { abs($0 - modelled[mode]) / modelled[mode] }) }
        report.sections.append(BenchReport.Section(
            title: "The article: 10 x GET /bytes/\(ByteCount(bytes: size)) on the article link (250 ms, 11.08 MB/s, 99.86 MB/s shared) with BlockingLabClient, \(rounds) round\(rounds == 1 ? "" : "s")",
            figures: (0..<2).flatMap { mode -> [BenchReport.Figure] in
                [
                    .init(key: "article.\(names[mode]).error", label: "\(names[mode]): error", value: errors[mode].median, unit: .fraction, samples: errors[mode].values,
                          note: "median; client \(BenchUnit.seconds.format(measured[mode].median)), closed form \(BenchUnit.seconds.format(expected[mode])); server journal \(BenchUnit.seconds.format(journal[mode].median))"),
                    .init(key: "article.\(names[mode]).modelError", label: "  vs LinkModel", value: modelErrors[mode].median, unit: .fraction, samples: modelErrors[mode].values,
                          note: "median; model \(BenchUnit.seconds.format(modelled[mode]))"),
                ]
            },
            definitions: [
                "error = |measured - closed form| / closed form; measured = DownloadBatch.wallTime of BlockingLabClient.downloadAll, on the thread that runs the batch:",
                "  sequential = concurrency 1 on one kept-alive connection, concurrent = 10 threads; bodies go to a sink.",
                "closed form from the article's three numbers: sequential = 10 x (0.25 s + size / 11.08 MB/s); concurrent = 0.25 s + 10 x size / 99.86 MB/s",
                "  (a tenth of 99.86 MB/s is below 11.08 MB/s, so the shared rate binds). For 10 MiB: 11.96 s and 1.30 s.",
                "vs LinkModel, a second line. Server journal, a diagnostic: first request head complete to last body byte sent.",
            ]
        ))
        for mode in 0..<2 {
            report.expect("article.\(names[mode])", "the article's \(names[mode]) 10 x \(ByteCount(bytes: size)) within 2% of the closed form (\(BenchUnit.seconds.format(expected[mode]))), as the client sees it",
                          errors[mode].median, .fraction, below: 0.02)
        }
        return (0..<2).map { abs(modelled[$0] - expected[$0]) / expected[$0] }.max()!
    }
}
