import Testing
@testable import LabBench

/// The hand-worked figures `lab bench link` holds the server to, checked against literal
/// arithmetic: the numbers the bench's source states are the numbers its functions give.
@Suite struct SharedLinkClosedFormTests {
    @Test func staircase_endsEachDownloadWhenItsShareRunsOut() {
        // 4 flows of 1, 2, 3, 4 MB on 4 MB/s: 4 x 1 MB at 1 MB/s end the first at 1 s; 3 flows
        // at 1.33 MB/s take 0.75 s more for the second; then 0.5 s, then 0.25 s.
        let ends = SharedLinkClosedForm.staircase(count: 4, unit: 1e6, capacity: 4e6)
        #expect(ends == [1.0, 1.75, 2.25, 2.5])
        // The last ends when every byte has crossed the link.
        #expect(SharedLinkClosedForm.staircase(count: 10, unit: 1e6, capacity: 20e6).last == 55e6 / 20e6)
    }

    @Test func mixedShares_fillTheLink_withinEveryCap_maxMinFairly() {
        let shares = SharedLinkClosedForm.mixedShares
        let caps = SharedLinkClosedForm.mixedCaps
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        for (share, cap) in zip(shares, caps) {
            #expect(share <= (cap ?? 1) + 1e-12)
            // Max-min: a flow below the largest share is held there by its own cap.
            if share < shares.max()! - 1e-12 { #expect(share == cap) }
        }
    }

    @Test func article_givesItsPublishedTimes() {
        let size = Double(10 << 20)
        #expect((SharedLinkClosedForm.articleSequential(count: 10, size: size) * 100).rounded() / 100 == 11.96)
        #expect((SharedLinkClosedForm.articleConcurrent(count: 10, size: size) * 100).rounded() / 100 == 1.30)
    }
}
