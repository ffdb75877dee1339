import NetworkCore

/// Predicts how long the downloads of a plan take on a ``LinkProfile``, under exactly the rules
/// MockServer paces by, so the lab can print "predicted" beside "measured".
///
/// A fluid-flow simulation: each download waits the link's expected response delay after it
/// starts, then its body flows at the max-min fair rate (``LinkProfile``) among all downloads
/// whose first byte has arrived and that have bytes left, each capped by its own link's
/// `bandwidth` and all sharing the plan's `linkBandwidth`. Rates change only when a flow starts
/// or finishes, so the simulation steps from event to event and is exact.
///
/// ```swift
/// let link = LinkProfile.preset(named: "article")!
/// try LinkModel.predict(.sequential(count: 10, size: 10_485_760), on: link).total  // 11.96
/// try LinkModel.predict(.concurrent(count: 10, size: 10_485_760), on: link).total  // 1.30
/// ```
public enum LinkModel {
    /// The predicted times of every download of `plan` on `link`.
    ///
    /// - Throws: ``LinkParameterError/outOfRange(parameter:value:bound:)`` for a value the
    ///   server would refuse or that has no meaning: a link outside ``LinkProfile/validate()``'s
    ///   bounds (the plan's, or a download's own, named `downloads[2].link.latency`), a
    ///   negative size, a start that is negative or not finite (`downloads[0].startAt`), a
    ///   plan built for more than ``TransferPlan/maximumCount`` downloads (`count`).
    public static func predict(_ plan: TransferPlan, on link: LinkProfile) throws(LinkParameterError) -> TransferPrediction {
        try plan.validate(on: link)
        let downloads = plan.downloads
        let slots = max(1, plan.concurrency ?? .max)
        let caps = downloads.map { ($0.link ?? link).bandwidth?.bytesPerSecond }
        let delays = downloads.map { ($0.link ?? link).expectedResponseDelay(firstOnConnection: $0.newConnection).seconds }
        // Without a concurrency limit each download starts at its own time, whatever its place.
        var queue = Array(downloads.indices)
        if plan.concurrency == nil { queue.sort { downloads[$0].startAt < downloads[$1].startAt } }
        queue.reverse()

        var times = downloads.map { _ in TransferPrediction.Download(start: 0, firstByte: 0, finish: .infinity) }
        var remaining = downloads.map { Double($0.size) }
        var waiting: [Int] = []
        var flowing: [Int] = []
        var inFlight = 0
        var now = 0.0

        while true {
            // Everything due at `now`, until nothing more is: starts, first bytes, empty bodies.
            var admitted = true
            while admitted {
                admitted = false
                while let next = queue.last, inFlight < slots, downloads[next].startAt <= now {
                    queue.removeLast()
                    inFlight += 1
                    times[next].start = now
                    times[next].firstByte = now + delays[next]
                    waiting.append(next)
                }
                for index in waiting where times[index].firstByte <= now {
                    if remaining[index] > 0 {
                        flowing.append(index)
                    } else {
                        times[index].finish = now
                        inFlight -= 1
                        admitted = true
                    }
                }
                waiting.removeAll { times[$0].firstByte <= now }
            }

            let rates = FairShareScheduler.allocate(
                caps: flowing.map { caps[$0] },
                link: link.linkBandwidth?.bytesPerSecond
            )
            let finishes = zip(flowing, rates).map { index, rate in now + remaining[index] / (rate ?? .infinity) }
            var next = finishes.min() ?? .infinity
            next = waiting.reduce(next) { min($0, times[$1].firstByte) }
            if let start = queue.last, inFlight < slots { next = min(next, downloads[start].startAt) }
            guard next.isFinite else { break }

            for (position, index) in flowing.enumerated() {
                if finishes[position] <= next + 1e-12 {
                    remaining[index] = 0
                    times[index].finish = next
                    inFlight -= 1
                } else {
                    remaining[index] -= rates[position]! * (next - now)
                }
            }
            flowing.removeAll { remaining[$0] == 0 }
            now = next
        }
        return TransferPrediction(downloads: times, total: times.map(\.finish).max() ?? 0)
    }
}
