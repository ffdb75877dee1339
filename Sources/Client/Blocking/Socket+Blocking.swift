import Glibc
import NetworkCore

// Synchronous I/O for the blocking client. The descriptor stays non-blocking: each call tries
// the system call first and waits in poll(2) only when it would block, so a busy transfer
// costs one system call per read and every wait honours its deadline. Failures use
// NetworkCore's I/O vocabulary (`AsyncIOError`), which is not tied to async code.
extension Socket {
    /// Opens a TCP connection to `address`, failing with `.timedOut` at `deadline`.
    static func connectBlocking(to address: SocketAddress, deadline: Instant?) throws(AsyncIOError) -> Socket {
        let socket: Socket
        do {
            socket = try Socket.tcp(family: address.family)
        } catch {
            throw .socket(error)
        }
        socket.setNoDelay()
        do throws(AsyncIOError) {
            let connected: Bool
            do { connected = try socket.connect(to: address) } catch { throw .socket(error) }
            if !connected {
                try socket.poll(Int16(POLLOUT), deadline: deadline)
                let code = socket.pendingError()
                if code != 0 { throw .socket(SocketError("connect(\(address))", code: code)) }
            }
            return socket
        } catch {
            socket.close()
            throw error
        }
    }

    /// Reads at most `buffer.count` bytes, waiting until `deadline`; returns 0 at end of stream.
    func readBlocking(into buffer: UnsafeMutableRawBufferPointer, deadline: Instant?) throws(AsyncIOError) -> Int {
        while true {
            let result: IOResult
            do { result = try receive(into: buffer) } catch { throw .socket(error) }
            switch result {
            case .processed(let count): return count
            case .endOfStream: return 0
            case .wouldBlock: try poll(Int16(POLLIN), deadline: deadline)
            }
        }
    }

    /// Writes all of `bytes`, waiting until `deadline`.
    func writeBlocking(_ bytes: [UInt8], deadline: Instant?) throws(AsyncIOError) {
        var offset = 0
        while offset < bytes.count {
            let result: IOResult
            do {
                result = try bytes.withUnsafeBytes { try send(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            } catch let error as SocketError {
                throw .socket(error)
            } catch {
                throw .socket(SocketError("send", code: EIO))
            }
            switch result {
            case .processed(let count): offset += count
            case .endOfStream: throw .closed
            case .wouldBlock: try poll(Int16(POLLOUT), deadline: deadline)
            }
        }
    }

    /// Waits until the socket is ready for `events` (or has an error or hang-up to report).
    private func poll(_ events: Int16, deadline: Instant?) throws(AsyncIOError) {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let left = (deadline - Instant.now()).nanoseconds
                guard left > 0 else { throw .timedOut }
                timeout = Int32(clamping: (left + 999_999) / 1_000_000)
            }
            let status = Glibc.poll(&entry, 1, timeout)
            if status > 0 { return }
            if status < 0 && errno != EINTR { throw .socket(SocketError("poll")) }
        }
    }
}
