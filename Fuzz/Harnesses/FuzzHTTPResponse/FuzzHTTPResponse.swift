import FuzzChecks
import FuzzDriver

/// libFuzzer entry point: the first byte picks the request method the response answers, the
/// rest is the bytes a server sent (``HarnessChecks/response(_:)`` says what is checked).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    HarnessChecks.response(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}

@_cdecl("FuzzHTTPResponse_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzerDriver.run(argc, argv, fuzzHTTPResponse)
}
