#if canImport(Glibc)
import Glibc
#endif
import NetworkCore

extension Socket {
    /// Keeps a paced socket's kernel send buffer to about 50 ms of data at `rate` bytes per
    /// second (16 KiB to 4 MiB), so a peer that falls behind cannot later pull a burst far above
    /// the cap out of kernel buffers. Best effort: a refused option leaves the kernel's size.
    func limitSendBuffer(pacedAt rate: Double) {
        let wanted: Double = min(max(rate * 0.05, 16_384), 4_194_304)
        let bytes = Int32(wanted)
        try? setOption(SOL_SOCKET, SO_SNDBUF, bytes)
    }
}
