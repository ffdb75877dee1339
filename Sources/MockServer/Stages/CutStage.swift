/// The `truncate-after`, `reset-after` and `stall-after` faults: the body stops after `after`
/// bytes, and the connection is closed, reset or falls silent.
struct CutStage: Equatable {
    let after: Int64
    let action: Action

    enum Action: Equatable { case close, reset, stall }

    /// The cut for `fault`, or nil when the fault is not a cut or the body (of `length` bytes,
    /// nil when unknown) ends before it: then the fault changes nothing, and the journal must
    /// not say it fired.
    init?(_ fault: Fault, length: Int64?) {
        switch fault {
        case .truncateAfter(let bytes): action = .close; after = bytes
        case .resetAfter(let bytes): action = .reset; after = bytes
        case .stallAfter(let bytes): action = .stall; after = bytes
        default: return nil
        }
        if let length, after >= length { return nil }
    }

    /// Body bytes that may still go before the cut.
    func budget(bodySent: Int64) -> Int64 {
        max(0, after - bodySent)
    }

    func reached(bodySent: Int64) -> Bool {
        bodySent >= after
    }
}
