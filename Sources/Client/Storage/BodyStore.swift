/// Where one download's body bytes go as they arrive: memory, the `.part` file, or the
/// caller's sink. Owned by the download that writes it.
package final class BodyStore {
    /// The kinds of destination, as opened for one download.
    package enum Target {
        /// Appended to ``memory``.
        case memory
        /// Written to the `.part` file.
        case file(PartFile)
        /// Handed to the caller's closure.
        case sink(@Sendable (Int64, UnsafeRawBufferPointer) throws -> Void)
    }

    /// Where the bytes go.
    package let target: Target
    /// The body so far, for a memory destination.
    private(set) var memory: [UInt8] = []

    /// A store writing to `target`.
    package init(_ target: Target) {
        self.target = target
    }

    /// Whether stored bytes can be thrown away to start over (a sink's cannot).
    package var canRestart: Bool {
        if case .sink = target { false } else { true }
    }

    /// Prepares for a response's body: empties the store when the body restarts from byte 0
    /// and records the version (`ETag`) the bytes belong to.
    package func begin(_ start: BodyStart) throws(DownloadError) {
        switch target {
        case .memory:
            if start.restart { memory.removeAll(keepingCapacity: true) }
            if let expected = start.expectedLength, expected > memory.count, expected <= Int64(Int32.max) {
                memory.reserveCapacity(Int(expected))
            }
        case .file(let file):
            try file.begin(start)
        case .sink:
            precondition(!start.restart, "Download never restarts a sink")
        }
    }

    /// Stores `bytes`, which belong at `offset` of the resource.
    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(DownloadError) {
        switch target {
        case .memory:
            memory.append(contentsOf: bytes)
        case .file(let file):
            try file.write(bytes, at: offset)
        case .sink(let sink):
            do {
                try sink(offset, bytes)
            } catch {
                throw .sinkFailed(String(describing: error))
            }
        }
    }
}
