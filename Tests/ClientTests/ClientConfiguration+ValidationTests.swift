import Foundation
import Testing
@testable import NetworkLabClient

@Suite struct ClientConfigurationValidationTests {
    static func configuration(_ change: @Sendable (inout ClientConfiguration) -> Void) -> ClientConfiguration {
        var configuration = ClientConfiguration()
        change(&configuration)
        return configuration
    }

    static let bad: [(ClientConfiguration, String)] = [
        (configuration { $0.readBufferSize = 0 }, "readBufferSize"),
        (configuration { $0.readBufferSize = -1 }, "readBufferSize"),
        (configuration { $0.readBufferSize = Int.max }, "readBufferSize"),
        (configuration { $0.redirectLimit = -1 }, "redirectLimit"),
        (configuration { $0.maxIdleConnectionsPerHost = -1 }, "maxIdleConnectionsPerHost"),
        (configuration { $0.timeouts.connect = .zero }, "timeouts.connect"),
        (configuration { $0.timeouts.firstByte = .seconds(-1) }, "timeouts.firstByte"),
        (configuration { $0.timeouts.idle = .seconds(86_401) }, "timeouts.idle"),
        (configuration { $0.timeouts.total = .seconds(Int64.max) }, "timeouts.total"),
        (configuration { $0.progressInterval = .seconds(-1) }, "progressInterval"),
        (configuration { $0.retry.maxAttempts = 0 }, "retry.maxAttempts"),
        (configuration { $0.retry.maxAttempts = Int.max }, "retry.maxAttempts"),
        (configuration { $0.retry.initialBackoff = .seconds(-1) }, "retry.initialBackoff"),
        (configuration { $0.retry.maxBackoff = .seconds(1_000_000) }, "retry.maxBackoff"),
        (configuration { $0.retry.maxRetryAfter = .seconds(-1) }, "retry.maxRetryAfter"),
        (configuration { $0.retry.multiplier = .nan }, "retry.multiplier"),
        (configuration { $0.retry.multiplier = 0.5 }, "retry.multiplier"),
        (configuration { $0.retry.jitter = .nan }, "retry.jitter"),
        (configuration { $0.retry.jitter = -0.1 }, "retry.jitter"),
    ]

    @Test(arguments: bad)
    func fieldOutOfBounds_failsEveryDownload_withBothClients_namingTheField(
        configuration: ClientConfiguration, field: String
    ) async {
        func named(_ error: DownloadError?) -> Bool {
            guard case .invalidConfiguration(let name, _, _) = error else { return false }
            return name == field
        }
        // Port 9 on loopback: nothing is sent, as validation comes first.
        let url = URL(string: "http://127.0.0.1:9/bytes/10")!
        #expect(named(await ClientKind.blocking.download(url, configuration: configuration).failure))
        #expect(named(await ClientKind.async.download(url, configuration: configuration).failure))
        let batch = await LabClient(configuration: configuration).downloadAll([url, url], concurrency: 2)
        #expect(batch.results.allSatisfy { named($0.failure) })
    }

    @Test func theDefaults_andTheBounds_areValid() throws {
        try ClientConfiguration().validate()
        try Self.configuration {
            $0.readBufferSize = ClientConfiguration.maximumReadBufferSize
            $0.timeouts = Timeouts(connect: .nanoseconds(1), firstByte: nil, idle: .seconds(86_400), total: nil)
            $0.retry = RetryPolicy(maxAttempts: RetryPolicy.maximumAttempts, initialBackoff: .zero, multiplier: 1, jitter: 1)
            $0.redirectLimit = 0
            $0.maxIdleConnectionsPerHost = 0
            $0.progressInterval = .zero
        }.validate()
    }

    @Test func message_namesTheFieldTheValueAndTheBound() {
        #expect(throws: DownloadError.invalidConfiguration(field: "readBufferSize", value: "0", reason: "must be 1 to 67108864 bytes")) {
            try ClientConfiguration(readBufferSize: 0).validate()
        }
        #expect(
            DownloadError.invalidConfiguration(field: "readBufferSize", value: "0", reason: "must be 1 to 67108864 bytes").description
                == "client configuration readBufferSize = 0: must be 1 to 67108864 bytes")
    }
}
