import FuzzChecks
import FuzzDriver

/// libFuzzer entry point: the input is the bytes a client sent on a connection
/// (``HarnessChecks/request(_:)`` says what is checked).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    HarnessChecks.request(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}

@_cdecl("FuzzHTTPRequest_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzerDriver.run(argc, argv, fuzzHTTPRequest)
}
