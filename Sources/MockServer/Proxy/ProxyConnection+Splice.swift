import NetworkCore

/// The zero-copy path: while a direction's bytes need no look and no timing
/// (``RelayPipe/canSplice``: no latency, pacing, slicing, cut or corruption on it), they go from
/// socket to socket through a kernel pipe with `splice(2)`, never copied through user space.
/// Only for a proxy configured to splice (``TCPProxy/Configuration/splice``, off by default:
/// `lab bench proxy` measures it beside the copying path, which is faster on Linux 6).
///
/// A link change or fault set while bytes are in the pipe takes effect at the next read: the
/// pipe's bytes were taken before it and leave first, as they are; the bytes after them go
/// through the ``RelayPipe`` and its stages. A source's FIN reaches the destination only once
/// the pipe is empty; a reset goes through at once, as on the copying path.
extension ProxyConnection {
    /// What draining the kernel pipe did.
    enum KernelDrain {
        /// Bytes left the pipe (the destination may have filled since).
        case moved
        /// The destination takes nothing now.
        case blocked
        /// The destination broke: the connection was reset.
        case failed
    }

    /// Moves what `source` has into the direction's kernel pipe and on to `destination`.
    /// Returns nil when no pipe can be had (the caller copies instead), otherwise whether
    /// anything happened.
    func splice(_ stream: Toxic.Stream, from source: ProxySide, to destination: ProxySide, at now: Instant) -> Bool? {
        let index = stream.index
        guard let pipe = kernels[index] ?? engine.takePipe() else { return nil }
        kernels[index] = pipe
        let room = pipe.capacity - pipes[index].inKernel
        guard room > 0 else { return false }
        let result: Socket.IOResult
        do {
            result = try pipe.fill(from: source.socket, upTo: room)
        } catch {
            pipes[index].sourceEnded(reset: true, at: now)
            return true
        }
        switch result {
        case .wouldBlock:
            // With the pipe empty, the socket has nothing. Otherwise the pipe may be full (its
            // slots hold partial pages) while the socket still has bytes: it stays readable,
            // and the next drain makes room.
            if pipes[index].inKernel == 0 {
                source.readable = false
                releasePipe(stream)
            }
            return false
        case .endOfStream:
            source.readable = false
            pipes[index].sourceEnded(reset: false, at: now)
            if pipes[index].inKernel == 0 { releasePipe(stream) }
            return true
        case .processed(let count):
            pipes[index].splicedIn(count)
            if destination.writable, drainKernel(stream, to: destination) == .failed { return true }
            return true
        }
    }

    /// Moves the kernel pipe's bytes to `destination` until it is empty or the destination
    /// full; an empty pipe goes back to the engine.
    func drainKernel(_ stream: Toxic.Stream, to destination: ProxySide) -> KernelDrain {
        let index = stream.index
        guard let pipe = kernels[index] else { return .blocked }
        var moved = false
        while pipes[index].inKernel > 0 {
            let result: Socket.IOResult
            do {
                result = try pipe.drain(into: destination.socket, upTo: pipes[index].inKernel)
            } catch {
                // The destination broke (reset): the other side sees the same.
                finish(.reset, reason: "reset by \(stream == .upstream ? "upstream" : "client")")
                return .failed
            }
            guard case .processed(let count) = result else {
                destination.writable = false
                return moved ? .moved : .blocked
            }
            pipes[index].splicedOut(count)
            engine.relayed(count, spliced: true)
            moved = true
        }
        releasePipe(stream)
        return .moved
    }

    /// Gives the direction's pipe back to the engine once it is empty.
    func releasePipe(_ stream: Toxic.Stream) {
        let index = stream.index
        guard let pipe = kernels[index], pipes[index].inKernel == 0 else { return }
        kernels[index] = nil
        engine.givePipe(pipe)
    }

    /// The connection ends: empty pipes go back to the engine, the others (their bytes can no
    /// longer go anywhere) are closed.
    func releasePipes() {
        for stream in Toxic.Stream.allCases {
            guard let pipe = kernels[stream.index] else { continue }
            if pipes[stream.index].inKernel == 0 {
                releasePipe(stream)
            } else {
                kernels[stream.index] = nil
                pipe.close()
            }
        }
    }
}
