import Glibc

/// What the running Linux kernel offers, read from `uname(2)`: independent of the code under
/// test, so a test can tell "the kernel lacks it" from "our code failed to use it".
package enum Kernel {
    /// The release's major and minor version (`6.8.0-45-generic` is 6.8); nil if unreadable.
    package static let version: (major: Int, minor: Int)? = {
        var names = utsname()
        guard uname(&names) == 0 else { return nil }
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return (numbers[0], numbers[1])
    }()

    /// `openat2(2)` with `RESOLVE_BENEATH`, which came with Linux 5.6.
    package static var offersOpenat2: Bool {
        guard let version else { return false }
        return version >= (5, 6)
    }
}
