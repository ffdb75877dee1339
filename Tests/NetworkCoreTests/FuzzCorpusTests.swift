import Foundation
import FuzzChecks
import NetworkCore
import TestSupport
import Testing

/// Every seed in `Fuzz/Corpus` through the fuzz harnesses' own checks, in every `swift test`:
/// what libFuzzer starts from keeps passing between fuzzing runs, and a crash input added to
/// the corpus stays fixed.
@Suite(.serialized) struct FuzzCorpusTests {
    static func seeds(_ name: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = Repository.root.appendingPathComponent("Fuzz/Corpus/\(name)")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { file in
            (file, Array(try Data(contentsOf: folder.appendingPathComponent(file))))
        }
    }

    // Serialized: the invariant handler is the process's (see InvariantReport).
    @Test(arguments: ["request", "response"])
    func corpusSeeds_passTheHarnessChecks(harness: String) throws {
        let seeds = try Self.seeds(harness)
        #expect(seeds.count >= 5, "Fuzz/Corpus/\(harness) has \(seeds.count) seeds")
        for (name, bytes) in seeds {
            let broken = Lock<[String]>([])
            InvariantReport.collecting({ message in broken.withLock { $0.append(message) } }) {
                bytes.withUnsafeBytes { harness == "request" ? HarnessChecks.request($0) : HarnessChecks.response($0) }
            }
            #expect(broken.withLock { $0 }.isEmpty, "Fuzz/Corpus/\(harness)/\(name): \(broken.withLock { $0 })")
        }
    }
}
