#if canImport(Glibc)
import Glibc
#endif

/// Whether this test binary (and the `lab` built beside it) runs under AddressSanitizer or
/// ThreadSanitizer: then freed memory sits in quarantine or beside shadow memory, and resident
/// memory says nothing about what a process holds (ASan's LeakSanitizer finds leaks instead).
package enum Sanitizers {
    /// True when either sanitizer's runtime is loaded.
    package static let present = (["__asan_init", "__tsan_init"] as [String]).contains {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), $0) != nil
    }
}
