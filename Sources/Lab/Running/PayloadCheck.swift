import NetworkLabClient
import MockServer

/// The sink every download of the lab streams into: it checks each piece against the
/// payload the server sends for the seed (``Payload/firstMismatch(in:seed:offset:)``, about
/// 1 GB/s even in a debug build, so checking costs little of the time measured), counts the
/// bytes for the progress line, and stops the download when the run is stopped.
enum PayloadCheck {
    /// A sink for a download of the payload for `seed`.
    static func sink(seed: UInt64, control: RunControl) -> DownloadDestination {
        .sink { offset, bytes in
            if control.isStopping { throw StopRequested() }
            if let index = try Payload.firstMismatch(in: bytes, seed: seed, offset: offset) {
                throw PayloadMismatch(offset: offset + Int64(index))
            }
            control.add(bytes.count)
        }
    }
}
