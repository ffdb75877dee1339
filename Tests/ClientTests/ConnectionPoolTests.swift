import NetworkCore
import Testing
@testable import NetworkLabClient

@Suite struct ConnectionPoolTests {
    final class Closed: Sendable {
        let ids = Lock<[Int]>([])
    }

    func makePool(capacity: Int = 2, usable: @escaping @Sendable (Int) -> Bool = { _ in true }) -> (ConnectionPool<Int>, Closed) {
        let closed = Closed()
        return (ConnectionPool<Int>(capacity: capacity, isUsable: usable, close: { id in closed.ids.withLock { $0.append(id) } }), closed)
    }

    @Test func take_givesTheMostRecentConnectionForThatAuthority() {
        let (pool, _) = makePool()
        pool.put(1, for: "a:80")
        pool.put(2, for: "a:80")
        pool.put(3, for: "b:80")
        #expect(pool.take("a:80") == 2)
        #expect(pool.take("a:80") == 1)
        #expect(pool.take("a:80") == nil)
    }

    @Test func put_beyondCapacity_closesTheConnection() {
        let (pool, closed) = makePool(capacity: 1)
        pool.put(1, for: "a:80")
        pool.put(2, for: "a:80")
        #expect(closed.ids.withLock { $0 } == [2])
    }

    @Test func take_closesAndSkipsDeadConnections() {
        let (pool, closed) = makePool(usable: { $0 != 2 })
        pool.put(1, for: "a:80")
        pool.put(2, for: "a:80")
        #expect(pool.take("a:80") == 1)
        #expect(closed.ids.withLock { $0 } == [2])
    }

    @Test func closeAll_closesIdleConnections_andLaterReturns() {
        let (pool, closed) = makePool()
        pool.put(1, for: "a:80")
        pool.closeAll()
        pool.put(2, for: "a:80")
        #expect(closed.ids.withLock { $0 } == [1, 2])
        #expect(pool.take("a:80") == nil)
    }
}
