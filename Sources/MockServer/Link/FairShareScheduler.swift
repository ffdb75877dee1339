import NetworkCore

/// Paces many flows (response or request bodies) that share one link, max-min fairly.
///
/// Each flow has an optional cap (its connection's bandwidth); the link has an optional rate
/// shared by all flows. Every flow gets the max-min fair rate of ``allocate(caps:link:)``: N
/// flows each get link/N unless a flow's own cap is lower, and what it leaves goes to the
/// others. Each flow paces through a ``TokenBucket`` filling at its rate, empty when the flow
/// is added (pay then send, so a flow's last byte leaves when the fluid model of ``LinkModel``
/// says) and holding at most two chunks or 20 ms of data, whichever is more (see ``chunkSize(for:)``).
/// A flow with nothing to send for now (a proxied body waiting for its upstream, an idle
/// proxied connection) is removed and added again when bytes come, with the credit that
/// ``removeFlow(_:at:)`` returned: it takes no share meanwhile, and earns no credit.
///
/// Not thread-safe: the event loop owns it, and follows this protocol each tick:
/// 1. Apply every change of the tick (`addFlow` once a response head has been sent,
///    `removeFlow`, `setCap`, `setLinkBandwidth`) with the tick's `now`. Changes are cheap:
///    they only mark the rates stale, so 10,000 flows added in one tick cost one recomputation.
///    Without a shared link they cost no recomputation at all (a flow's rate is its own cap
///    and no other flow's changes), so flows come and go in constant time however many
///    there are, even when each is queried right after it is added.
///    (A change at a later instant than a pending one first applies the pending batch at its
///    own instant, so batching never changes the results.)
/// 2. Call ``settle()``: it recomputes the rates once, settling every flow's credit at the old
///    rates up to the batch's instant, and returns the flows whose rate changed, new flows
///    included. Re-arm the timer of each (step 3).
/// 3. When a flow's timer fires, or its blocked socket becomes writable: send up to
///    `min(available(flow, at: now), bytes left)` and `consume` what the socket took. If bytes
///    are left, arm the timer at `deadline(flow, forBytes: min(chunkSize(for: flow), bytes
///    left), at: now)`, or wait for writability if the socket would block (credit keeps
///    accruing, up to the burst). A nil deadline means the flow is unlimited: it needs no
///    timer and writes whenever its socket is writable. After the last byte, `removeFlow`.
///
/// Queries made before `settle()` see current rates too (they settle on demand), but only
/// `settle()` reports which timers to move.
final class FairShareScheduler {
    /// An opaque handle on one flow, valid until the flow is removed.
    struct FlowID: Hashable, Sendable {
        fileprivate let slot: Int
        fileprivate let generation: UInt32
    }

    private struct Flow {
        var cap: Double?
        /// The fair rate in bytes per second; nil for unlimited.
        var rate: Double?
        /// Paces the flow while `rate` is finite; empty and at rate zero until first settled.
        var bucket: TokenBucket
        var isNew: Bool
        /// The flow count the bucket's burst was sized for (see ``chunkSize(rate:flowCount:)``);
        /// when flows come and go without a recomputation, the burst catches up on next use.
        var sizedFor: Int
    }

    /// The rate shared by all flows in bytes per second; nil for none.
    private(set) var linkBandwidth: Double?
    /// Flows in slots reused after removal; a slot's generation tells a stale ID from a live one.
    private var slots: [Flow?] = []
    private var freeSlots: [Int] = []
    private var generations: [UInt32] = []
    /// The number of live flows.
    private(set) var flowCount = 0
    /// The instant of the changes whose rates are not yet computed; nil when rates are current.
    private var pendingSince: Instant?
    private var changed: Set<FlowID> = []

    /// A scheduler for a link of `linkBandwidth` bytes per second (nil for no shared limit).
    init(linkBandwidth: Double?) {
        precondition(linkBandwidth.map { $0 > 0 } ?? true, "a link bandwidth must be above zero")
        self.linkBandwidth = linkBandwidth
    }

    /// Adds a flow capped at `cap` bytes per second (nil for no own cap) that starts at `now`
    /// with no credit, or with the `credit` it held when it paused (``removeFlow(_:at:)``).
    func addFlow(cap: Double?, at now: Instant, credit: Double = 0) -> FlowID {
        precondition(cap.map { $0 > 0 } ?? true, "a flow's cap must be above zero")
        if isIndependent {
            let slot = freeSlots.popLast() ?? appendSlot()
            let id = FlowID(slot: slot, generation: generations[slot])
            flowCount += 1
            let bucket = TokenBucket(rate: cap ?? 0, burst: Self.burst(rate: cap, flowCount: flowCount), at: now, credit: credit)
            slots[slot] = Flow(cap: cap, rate: cap, bucket: bucket, isNew: false, sizedFor: flowCount)
            changed.insert(id)
            return id
        }
        beginChange(at: now)
        let slot = freeSlots.popLast() ?? appendSlot()
        let id = FlowID(slot: slot, generation: generations[slot])
        // At rate and burst zero the credit is kept, neither growing nor capped, until the
        // recomputation gives the flow its rate and burst.
        slots[slot] = Flow(cap: cap, rate: nil, bucket: TokenBucket(rate: 0, burst: 0, at: now, credit: credit), isNew: true, sizedFor: 0)
        flowCount += 1
        return id
    }

    /// Removes a flow (its body is complete, its connection closed, or it has nothing to send
    /// for now); the others speed up. Returns the credit it held: a flow that pauses and
    /// resumes passes it to ``addFlow(cap:at:credit:)``, so that a pause neither earns credit
    /// nor loses what the flow earned while it had bytes waiting.
    @discardableResult
    func removeFlow(_ id: FlowID, at now: Instant) -> Double {
        _ = flow(id)
        if !isIndependent { beginChange(at: now) }
        // At the rate the flow has had since the last recomputation (a pending batch changes
        // rates from its own instant, this one's).
        let removed = slots[id.slot]!
        let credit = removed.rate == nil ? 0 : removed.bucket.credit(at: now)
        slots[id.slot] = nil
        generations[id.slot] &+= 1
        freeSlots.append(id.slot)
        flowCount -= 1
        changed.remove(id)
        return credit
    }

    /// Changes a flow's own cap from `now` on (nil for none).
    func setCap(_ id: FlowID, _ cap: Double?, at now: Instant) {
        precondition(cap.map { $0 > 0 } ?? true, "a flow's cap must be above zero")
        let old = flow(id)
        guard isIndependent else {
            beginChange(at: now)
            slots[id.slot]!.cap = cap
            return
        }
        slots[id.slot]!.cap = cap
        guard old.rate != cap else { return }
        slots[id.slot]!.rate = cap
        slots[id.slot]!.bucket.setRate(cap ?? 0, burst: Self.burst(rate: cap, flowCount: flowCount), at: now)
        slots[id.slot]!.sizedFor = flowCount
        changed.insert(id)
    }

    /// Changes the shared link rate from `now` on (nil for none).
    func setLinkBandwidth(_ linkBandwidth: Double?, at now: Instant) {
        precondition(linkBandwidth.map { $0 > 0 } ?? true, "a link bandwidth must be above zero")
        beginChange(at: now)
        self.linkBandwidth = linkBandwidth
    }

    /// Applies the pending changes and returns every flow whose rate changed since the last
    /// call (new flows included, removed flows not): their timers must be re-armed.
    func settle() -> [FlowID] {
        recomputeIfNeeded()
        defer { changed.removeAll(keepingCapacity: true) }
        return Array(changed)
    }

    /// The flow's current max-min fair rate in bytes per second; nil for unlimited.
    func rate(of id: FlowID) -> Double? {
        recomputeIfNeeded()
        return flow(id).rate
    }

    /// The bytes the flow may send at `now`; `Int.max` when it is unlimited.
    func available(_ id: FlowID, at now: Instant) -> Int {
        recomputeIfNeeded()
        resize(id, at: now)
        let flow = flow(id)
        return flow.rate == nil ? .max : flow.bucket.available(at: now)
    }

    /// Records that the flow sent `bytes` at `now`.
    func consume(_ id: FlowID, bytes: Int, at now: Instant) {
        recomputeIfNeeded()
        resize(id, at: now)
        slots[id.slot]!.bucket.consume(bytes, at: now)
    }

    /// When the flow may send `bytes` (at most its burst) at the current rates;
    /// nil when it is unlimited.
    func deadline(_ id: FlowID, forBytes bytes: Int, at now: Instant) -> Instant? {
        recomputeIfNeeded()
        resize(id, at: now)
        let flow = flow(id)
        return flow.rate == nil ? nil : flow.bucket.deadline(forBytes: bytes, at: now)
    }

    /// A good size for the flow's next write; see ``chunkSize(rate:flowCount:)``.
    func chunkSize(for id: FlowID) -> Int {
        recomputeIfNeeded()
        return Self.chunkSize(rate: flow(id).rate, flowCount: flowCount)
    }

    /// A write size of about one write period of data at `rate` (nil for unlimited), between
    /// 1 KiB and 256 KiB.
    ///
    /// The period is 4 ms, so the rate holds smoothly at the scale of a few milliseconds, and
    /// grows with the number of flows beyond 40 (`flowCount` × 100 µs) so that all flows
    /// together need at most about 10,000 timer wakeups per second: 1,000 flows write every
    /// 0.1 s, 10,000 every second. At 20,000 wakeups a second (50 µs a flow), 1,000 proxied
    /// connections kept the proxy's loop on a CPU 79% of the time, and late wakeups beyond the
    /// burst cost the slowest connection 8% of its rate (`lab bench proxy`; 50% and 3.7% at
    /// 100 µs, before the proxy's capped pipes stopped reading a MiB ahead).
    /// An unlimited flow writes 256 KiB at a time.
    static func chunkSize(rate: Double?, flowCount: Int) -> Int {
        guard let rate else { return maxChunk }
        let period = max(0.004, Double(flowCount) * 0.000_1)
        return Int(min(Double(maxChunk), max(Double(minChunk), (rate * period).rounded())))
    }

    /// What a flow's bucket holds at most: two chunks, and at least 20 ms of data, so a flow
    /// whose writes were delayed (the event loop thread descheduled on a busy machine) catches
    /// up instead of losing that time for good; at 1 GB/s two chunks are only 0.5 ms. Credit
    /// still starts at zero, so the rate holds from the first byte.
    private static func burst(rate: Double?, flowCount: Int) -> Int {
        max(2 * chunkSize(rate: rate, flowCount: flowCount), Int(min((rate ?? 0) * 0.02, Double(Int32.max))))
    }

    /// The smallest write: below it, per-write overhead dominates slow flows.
    static let minChunk = 1024
    /// The largest write: above it, a fast flow's rate is no longer smooth.
    static let maxChunk = 256 * 1024

    /// Max-min fair rates ("water-filling") of flows with caps `caps` (nil for uncapped) on a
    /// link of `link` bytes per second (nil for unlimited).
    ///
    /// Without a link each flow gets its cap. With one, every flow gets the same level except
    /// those capped below it, which get their cap; the level is the one at which the rates add
    /// up to the link (or every flow is at its cap).
    static func allocate(caps: [Double?], link: Double?) -> [Double?] {
        guard let link else { return caps }
        let capped = caps.indices.filter { caps[$0] != nil }.sorted { caps[$0]! < caps[$1]! }
        var spare = link
        var sharing = caps.count
        for index in capped {
            let cap = caps[index]!
            // Ascending caps: once one reaches the level, all later ones do.
            guard cap * Double(sharing) < spare else { break }
            spare -= cap
            sharing -= 1
        }
        let level = sharing > 0 ? spare / Double(sharing) : .infinity
        return caps.map { min($0 ?? .infinity, level) }
    }

    private func appendSlot() -> Int {
        slots.append(nil)
        generations.append(0)
        return slots.count - 1
    }

    private func flow(_ id: FlowID) -> Flow {
        guard id.slot < slots.count, generations[id.slot] == id.generation, let flow = slots[id.slot] else {
            preconditionFailure("FairShareScheduler: \(id) is not a live flow")
        }
        return flow
    }

    /// True when no flow's rate depends on another's: no shared link and no recomputation
    /// pending.
    private var isIndependent: Bool {
        linkBandwidth == nil && pendingSince == nil
    }

    /// Sizes the flow's burst for the current flow count, if flows came or went since.
    private func resize(_ id: FlowID, at now: Instant) {
        let flow = flow(id)
        guard flow.sizedFor != flowCount else { return }
        slots[id.slot]!.bucket.setRate(flow.rate ?? 0, burst: Self.burst(rate: flow.rate, flowCount: flowCount), at: now)
        slots[id.slot]!.sizedFor = flowCount
    }

    private func beginChange(at now: Instant) {
        if let pending = pendingSince, pending < now { recomputeIfNeeded() }
        if pendingSince == nil { pendingSince = now }
    }

    private func recomputeIfNeeded() {
        guard let now = pendingSince else { return }
        pendingSince = nil
        let live = slots.indices.filter { slots[$0] != nil }
        let rates = Self.allocate(caps: live.map { slots[$0]!.cap }, link: linkBandwidth)
        for (slot, rate) in zip(live, rates) {
            if slots[slot]!.isNew || slots[slot]!.rate != rate {
                changed.insert(FlowID(slot: slot, generation: generations[slot]))
            }
            slots[slot]!.bucket.setRate(rate ?? 0, burst: Self.burst(rate: rate, flowCount: flowCount), at: now)
            slots[slot]!.rate = rate
            slots[slot]!.isNew = false
            slots[slot]!.sizedFor = flowCount
        }
    }
}
