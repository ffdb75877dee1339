import NetworkCore

/// Why a client could not connect: the name did not resolve (already a download error), or no
/// address accepted (a socket error, which the download maps with the attempt's deadline).
enum ConnectFailure: Error {
    case resolution(DownloadError)
    case socket(AsyncIOError)
}
