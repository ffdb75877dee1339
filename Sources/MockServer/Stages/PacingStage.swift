import NetworkCore

/// Paces a body against the link scheduler (its own cap and its fair share of the link).
///
/// Paced bodies go out a chunk at a time: wait until a chunk's worth of credit (or the full
/// burst) is there. Sending whatever trickled in since the last send would spin the loop on
/// one connection and starve all the others.
enum PacingStage {
    static func allowance(_ scheduler: FairShareScheduler, flow: FairShareScheduler.FlowID, budget: Int64, at now: Instant) -> Allowance {
        let wanted = Int(min(Int64(scheduler.chunkSize(for: flow)), budget))
        if let deadline = scheduler.deadline(flow, forBytes: wanted, at: now), deadline > now {
            return .waitUntil(deadline)
        }
        return .upTo(min(budget, Int64(scheduler.available(flow, at: now))))
    }
}
