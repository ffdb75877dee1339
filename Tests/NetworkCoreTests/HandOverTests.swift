import Foundation
import Testing
@testable import NetworkCore

@Suite struct HandOverTests {
    /// Values built on other threads, often before the task has even suspended (the case
    /// ThreadSanitizer flagged with a bare continuation), arrive whole, in every round.
    @Test func valuesBuiltOnOtherThreads_arriveWhole() async {
        for round in 0..<200 {
            let value: [Int] = await handOver { hand in
                if round.isMultiple(of: 2) {
                    Thread.detachNewThread { hand(Array(0..<round)) }
                } else {
                    DispatchQueue.global().async { hand(Array(0..<round)) }
                }
            }
            #expect(value == Array(0..<round))
        }
    }

    /// A hand used at once, on the calling thread, works too.
    @Test func aHandUsedAtOnce_returnsItsValue() async {
        #expect(await handOver { hand in hand("now") } == "now")
    }
}
