import Foundation

/// Paths in this checkout that the tests use, found from this source file and from the test
/// binary, so that tests need no particular working directory.
package enum Repository {
    /// The package's root folder.
    package static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The repository's `fixtures/` folder.
    package static let fixtures = root.appendingPathComponent("fixtures").path

    /// The test binary running now (`NetworkLabPackageTests.xctest`).
    package static let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]

    /// The `lab` executable that `swift build` put next to the test binary.
    package static var lab: String {
        get throws {
            let path = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("lab").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestSetupError("no lab executable at \(path): run `swift build` before `swift test --skip-build`")
            }
            return path
        }
    }
}

/// The machine or the build is not ready for a test, or a helper it relies on could not do its
/// part (a `lab` that hangs, or prints no URL); the message says what happened or what to do.
package struct TestSetupError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
