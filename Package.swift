// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "NetworkLab",
    products: [
        .library(name: "MockServer", targets: ["MockServer"]),
        .library(name: "NetworkLabClient", targets: ["NetworkLabClient"]),
        .executable(name: "lab", targets: ["Lab"]),
    ],
    targets: [
        // Linux calls that Glibc does not expose (epoll, eventfd, timerfd, accept4, openat2),
        // and the signal handler behind `lab`'s clean stop on SIGINT and SIGTERM.
        .target(name: "CNetworkLab", path: "Sources/CNetworkLab"),
        // `lab proxy`'s TLS to https:// upstreams: OpenSSL 3, loaded at run time (dlopen), for
        // the `lab` executable only.
        .target(name: "CLabTLS", path: "Sources/CLabTLS"),
        // The shared reactor: sockets, one epoll event loop, HTTP parsing, SHA-256.
        .target(
            name: "NetworkCore",
            dependencies: [.target(name: "CNetworkLab", condition: .when(platforms: [.linux, .android]))],
            swiftSettings: strict
        ),
        .target(name: "MockServer", dependencies: ["NetworkCore"], swiftSettings: strict),
        // The fuzz harnesses' checks (Fuzz/), compiled here too so that `swift test` replays
        // Fuzz/Corpus through them (FuzzCorpusTests); the harnesses themselves stay in Fuzz/.
        .target(name: "FuzzChecks", dependencies: ["NetworkCore"], path: "Fuzz/Harnesses/FuzzChecks", swiftSettings: strict),
        .target(name: "NetworkLabClient", dependencies: ["NetworkCore"], path: "Sources/Client", swiftSettings: strict),
        // `lab bench`: the benchmarks, their readers and load generators, and the process
        // figures (memory, descriptors, CPU time) that `lab run` reports too.
        // URLSessionDownloader: the same downloads through URLSession, for comparison. Apart,
        // so that importing NetworkLabClient never pulls in FoundationNetworking.
        .target(name: "URLSessionClient", dependencies: ["NetworkLabClient", "NetworkCore"], swiftSettings: strict),
        .target(
            name: "LabBench",
            dependencies: [
                "MockServer", "NetworkLabClient", "URLSessionClient", "NetworkCore",
                .target(name: "CNetworkLab", condition: .when(platforms: [.linux, .android])),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "Lab", dependencies: ["LabBench", "MockServer", "NetworkLabClient", "URLSessionClient", "NetworkCore", "CNetworkLab", "CLabTLS"], swiftSettings: strict),
        // Helpers the test targets share: blocking work off the cooperative pool, temporary
        // folders, the checkout's paths, the built `lab` run as a child process, and the
        // virtual-time harness (the server's exchange against the client's download, no sockets).
        .target(name: "TestSupport", dependencies: ["MockServer", "NetworkLabClient", "NetworkCore"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "NetworkCoreTests", dependencies: ["NetworkCore", "FuzzChecks", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MockServerTests", dependencies: ["MockServer", "NetworkCore", "NetworkLabClient", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ClientTests", dependencies: ["NetworkLabClient", "URLSessionClient", "MockServer", "NetworkCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "LabTests", dependencies: ["Lab", "LabBench", "MockServer", "NetworkLabClient", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ReliabilityTests", dependencies: ["MockServer", "NetworkLabClient", "NetworkCore", "TestSupport"], swiftSettings: strict),
    ]
)
