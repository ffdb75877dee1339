/// libFuzzer's driver, started from the harness's own `main`.
///
/// SwiftPM links an executable target's `main` to a symbol named `<Target>_main`; a harness
/// defines that symbol and calls ``run(_:_:_:)``, so libFuzzer's own `main` is never needed.
package enum FuzzerDriver {
    package typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Runs libFuzzer with the command line's arguments and `test` as the target.
    package static func run(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput
    ) -> Int32 {
        var count = argc
        var arguments = argv
        return llvmFuzzerRunDriver(&count, &arguments, test)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: FuzzerDriver.TestOneInput
) -> Int32
