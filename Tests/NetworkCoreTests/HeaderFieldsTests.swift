import Testing
@testable import NetworkCore

@Suite struct HeaderFieldsTests {
    @Test func lookups_ignoreCase_andReturnTheFirstValue() {
        let headers: HeaderFields = ["Content-Type": "text/plain", "X-A": "1", "x-a": "2"]
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["X-A"] == "1")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        #expect(headers.contains("CONTENT-TYPE"))
        #expect(!headers.contains("Content"))
        #expect(headers["Missing"] == nil)
        #expect(headers.count == 3)
    }

    @Test func releaseUnusedCapacity_keepsTheFieldsInOrder_inStorageTheirSize() {
        var headers = HeaderFields()
        headers.reserveCapacity(16)
        headers.add("Host", "h")
        headers.add("Accept", "*/*")
        headers.releaseUnusedCapacity()
        #expect(headers == ["Host": "h", "Accept": "*/*"])
        #expect(headers.capacity < 16)
        var empty = HeaderFields()
        empty.reserveCapacity(16)
        empty.releaseUnusedCapacity()
        #expect(empty.capacity == 0)
    }

    @Test func add_keepsOrderAndDuplicates() {
        var headers = HeaderFields()
        headers.add("Set-Cookie", "a=1")
        headers.add("Host", "h")
        headers.add("set-cookie", "b=2")
        #expect(headers.map(\.name) == ["Set-Cookie", "Host", "set-cookie"])
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
    }

    @Test func set_replacesAllValuesWithOne_atTheFirstPosition() {
        var headers: HeaderFields = ["A": "1", "B": "2", "a": "3"]
        headers.set("A", "9")
        #expect(headers.map(\.name) == ["A", "B"])
        #expect(headers.values(for: "a") == ["9"])
        headers.set("C", "3")
        #expect(headers.map(\.name) == ["A", "B", "C"])
    }

    @Test func remove_removesEveryFieldOfTheName() {
        var headers: HeaderFields = ["A": "1", "B": "2", "a": "3"]
        headers.remove("a")
        #expect(headers.map(\.name) == ["B"])
        headers.remove("Missing")
        #expect(headers.count == 1)
    }

    @Test func containsToken_findsListElements_ignoringCaseAndWhitespace() {
        let headers: HeaderFields = ["Connection": "keep-alive,  Upgrade ", "connection": "CLOSE"]
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(headers.containsToken("Keep-Alive", in: "connection"))
        #expect(headers.containsToken("close", in: "Connection"))
        #expect(!headers.containsToken("keep", in: "Connection"))
        #expect(!headers.containsToken("close", in: "Upgrade"))
        let empty: HeaderFields = ["Connection": ", ,"]
        #expect(!empty.containsToken("", in: "Connection"))
    }

    @Test func equality_ignoresNameCase_butNotOrderOrValues() {
        let a: HeaderFields = ["Host": "h", "Accept": "*/*"]
        #expect(a == ["host": "h", "ACCEPT": "*/*"])
        let b: HeaderFields = ["host": "h", "ACCEPT": "*/*"]
        #expect(a.hashValue == b.hashValue)
        #expect(a != ["Accept": "*/*", "Host": "h"])
        #expect(a != ["Host": "H", "Accept": "*/*"])
        #expect(a != ["Host": "h"])
    }
}
