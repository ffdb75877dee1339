import Foundation
import NetworkCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Routes a ``TLSForwarder`` session's callbacks to the transfer of each task, and refuses
/// every redirect so that the client gets the upstream's 3xx as sent. Callbacks arrive on the
/// session's serial delegate queue, a Foundation thread, not Swift's cooperative pool.
final class TLSSessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    let transfers = Lock<[Int: TLSTransfer]>([:])

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let transfer = transfers.withLock { $0[dataTask.taskIdentifier] }
        completionHandler(transfer?.begin(response) == true ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let transfer = transfers.withLock { $0[dataTask.taskIdentifier] }
        if transfer?.receive(data) != true { dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let transfer = transfers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        transfer?.complete(error)
    }
}
