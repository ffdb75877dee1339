import Glibc
import NetworkCore

extension Socket {
    /// Whether an idle kept-alive connection is still open and silent: the server has
    /// neither closed it nor sent anything unasked. Never blocks.
    var isOpenAndIdle: Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }
}
