import Testing
@testable import NetworkCore

@Suite struct QueryItemsTests {
    @Test func pairs_decodeInOrder() throws {
        let items = try #require(QueryItems("a=1&b=x%20y&flag&c=p+q&=v&d=e=f"))
        #expect(items.map(\.name) == ["a", "b", "flag", "c", "", "d"])
        #expect(items.map(\.value) == ["1", "x y", "", "p q", "v", "e=f"])
        #expect(items.count == 6)
    }

    @Test func subscript_returnsTheFirstValue_valuesReturnsAll() throws {
        let items = try #require(QueryItems("size=10&Size=5&size=20"))
        #expect(items["size"] == "10")
        #expect(items["Size"] == "5")
        #expect(items.values(for: "size") == ["10", "20"])
        #expect(items["missing"] == nil)
    }

    @Test func emptyPairs_areSkipped() throws {
        #expect(try #require(QueryItems("")).count == 0)
        #expect(try #require(QueryItems("&&a=1&")).map(\.name) == ["a"])
    }

    @Test func badEncoding_makesTheWholeQueryNil() {
        #expect(QueryItems("a=1&b=%zz") == nil)
        #expect(QueryItems("%FF=1") == nil)
    }
}
