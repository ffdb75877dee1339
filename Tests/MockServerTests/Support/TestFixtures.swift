import Foundation
import TestSupport

/// The repository's `fixtures/` folder: small files of several types that the live tests serve.
enum TestFixtures {
    /// The folder's absolute path.
    static let folder = Repository.fixtures

    /// The bytes of fixture `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }
}
