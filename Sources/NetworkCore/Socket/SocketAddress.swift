#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 socket address.
package enum SocketAddress: Sendable, CustomStringConvertible {
    case ipv4(sockaddr_in)
    case ipv6(sockaddr_in6)

    /// A numeric address (`127.0.0.1`, `::1`) and port, without any name lookup.
    package init?(numericHost host: String, port: Int) {
        // The C functions would read only up to a NUL: "127.0.0.1\0x" is no address.
        guard !host.utf8.contains(0) else { return nil }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
            self = .ipv4(v4)
            return
        }
        var v6 = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
            self = .ipv6(v6)
            return
        }
        return nil
    }

    /// Resolves `host` (a name or a numeric address) with `getaddrinfo`.
    ///
    /// Name lookup may block: call it off Swift's cooperative pool (numeric hosts never block).
    package static func resolve(host: String, port: Int) throws(SocketError) -> [SocketAddress] {
        if let numeric = SocketAddress(numericHost: host, port: port) { return [numeric] }
        guard !host.utf8.contains(0) else {
            throw SocketError("getaddrinfo(\(host.debugDescription))", code: EINVAL, detail: "a host name cannot contain a NUL byte")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SocketType.stream)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            if status == EAI_SYSTEM { throw SocketError("getaddrinfo(\(host))") }
            throw SocketError("getaddrinfo(\(host))", code: ENOENT, detail: status == 0 ? "no address" : String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let addr = info.pointee.ai_addr {
                switch Int32(addr.pointee.sa_family) {
                case AF_INET:
                    result.append(.ipv4(UnsafeRawPointer(addr).load(as: sockaddr_in.self)))
                case AF_INET6:
                    result.append(.ipv6(UnsafeRawPointer(addr).load(as: sockaddr_in6.self)))
                default:
                    break
                }
            }
            cursor = info.pointee.ai_next
        }
        if result.isEmpty { throw SocketError("getaddrinfo(\(host))", code: ENOENT, detail: "no IPv4 or IPv6 address") }
        return result
    }

    /// `AF_INET` or `AF_INET6`.
    package var family: Int32 {
        switch self {
        case .ipv4: AF_INET
        case .ipv6: AF_INET6
        }
    }

    /// The port, in host byte order.
    package var port: Int {
        switch self {
        case .ipv4(let a): Int(UInt16(bigEndian: a.sin_port))
        case .ipv6(let a): Int(UInt16(bigEndian: a.sin6_port))
        }
    }

    /// The numeric host (`127.0.0.1`, `::1`).
    package var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch self {
        case .ipv4(var a):
            inet_ntop(AF_INET, &a.sin_addr, &buffer, socklen_t(buffer.count))
        case .ipv6(var a):
            inet_ntop(AF_INET6, &a.sin6_addr, &buffer, socklen_t(buffer.count))
        }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True for 127.0.0.0/8 and ::1.
    package var isLoopback: Bool {
        switch self {
        case .ipv4(let a): UInt32(bigEndian: a.sin_addr.s_addr) >> 24 == 127
        case .ipv6: host == "::1"
        }
    }

    /// `127.0.0.1:8080` or `[::1]:8080`.
    package var description: String {
        switch self {
        case .ipv4: "\(host):\(port)"
        case .ipv6: "[\(host)]:\(port)"
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    package func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        switch self {
        case .ipv4(var a):
            try withUnsafePointer(to: &a) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6(var a):
            try withUnsafePointer(to: &a) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// Reads an address that a system call filled in.
    package init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            self = .ipv4(withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) })
        case AF_INET6:
            self = .ipv6(withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) })
        default:
            return nil
        }
    }
}
