// swift-tools-version:6.0
// libFuzzer harnesses for the HTTP/1.1 parsers, kept out of the main package so that
// `swift build` and `swift test` never compile them. See CONTRIBUTING.md, "Fuzzing":
//
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//   Fuzz/.build/release/FuzzHTTPRequest -max_total_time=300 -dict=Fuzz/http.dict Fuzz/Corpus/request
//
// `Sources/NetworkCore` and `Sources/CNetworkLab` are symbolic links to the main package's
// targets: the harnesses are compiled into this package so that they can reach the parsers'
// `package` API, and the parsers are compiled with the fuzzer's coverage instrumentation.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "NetworkLabFuzz",
    targets: [
        .target(name: "CNetworkLab", path: "Sources/CNetworkLab"),
        .target(name: "NetworkCore", dependencies: ["CNetworkLab"], path: "Sources/NetworkCore", swiftSettings: strict),
        .target(name: "FuzzChecks", dependencies: ["NetworkCore"], path: "Harnesses/FuzzChecks", swiftSettings: strict),
        // libFuzzer's driver, apart from the checks: the main package compiles FuzzChecks too
        // (to replay Fuzz/Corpus in `swift test`), without libFuzzer to link against.
        .target(name: "FuzzDriver", path: "Harnesses/FuzzDriver", swiftSettings: strict),
        .executableTarget(name: "FuzzHTTPRequest", dependencies: ["FuzzChecks", "FuzzDriver"], path: "Harnesses/FuzzHTTPRequest", swiftSettings: strict),
        .executableTarget(name: "FuzzHTTPResponse", dependencies: ["FuzzChecks", "FuzzDriver"], path: "Harnesses/FuzzHTTPResponse", swiftSettings: strict),
    ]
)
