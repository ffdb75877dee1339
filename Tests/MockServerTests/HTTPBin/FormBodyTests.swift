@testable import MockServer
import Testing

/// FormBody.swift: url-encoded and multipart forms, as httpbin reports them.
@Suite struct FormBodyTests {
    @Test func urlEncoded_decodesPlusAndPercent() throws {
        let form = try #require(FormBody(body: Array("a=1&b=two+words&c=%C3%A9&a=2".utf8), contentType: "application/x-www-form-urlencoded"))
        #expect(form.fields.map(\.name) == ["a", "b", "c", "a"])
        #expect(form.fields.map(\.value) == ["1", "two words", "é", "2"])
    }

    @Test func multipart_separatesFieldsFromFiles() throws {
        let body = Array((
            "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n" +
            "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.bin\"\r\nContent-Type: application/x-thing\r\n\r\nline1\r\nline2\r\n" +
            "--XyZ--\r\n").utf8)
        let form = try #require(FormBody(body: body, contentType: "multipart/form-data; boundary=\"XyZ\""))
        #expect(form.fields.count == 1)
        #expect(form.fields.first?.name == "field")
        #expect(form.fields.first?.value == "value")
        #expect(form.files.count == 1)
        #expect(form.files.first?.name == "upload")
        #expect(form.files.first?.content == Array("line1\r\nline2".utf8))
        #expect(form.files.first?.type == "application/x-thing")
    }

    @Test func multipart_truncated_keepsThePartsBeforeTheCut() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\n2".utf8)
        let form = try #require(FormBody(body: body, contentType: "multipart/form-data; boundary=b"))
        #expect(form.fields.map(\.name) == ["x"])
    }

    @Test func otherTypes_areNotForms() {
        #expect(FormBody(body: Array("{}".utf8), contentType: "application/json") == nil)
        #expect(FormBody(body: [], contentType: nil) == nil)
        #expect(FormBody(body: [], contentType: "multipart/form-data") == nil)
    }
}
