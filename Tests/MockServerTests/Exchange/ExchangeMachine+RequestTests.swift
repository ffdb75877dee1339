import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeMachineRequestTests {
    private typealias Machine = ExchangeMachine
    private let at = ExchangeMachine.at

    @Test func headInPieces_isDispatchedOnceWhole_withItsStart() throws {
        var machine = Machine.test()
        #expect(machine.feed("GET /a?x=1 HTTP/1.1\r\n", at: 101) == [])
        #expect(machine.feed("Host: t\r\n", at: 102) == [])
        let request = try #require(Machine.dispatched(machine.feed("\r\n", at: 103)))
        #expect(request.head.method == .get)
        #expect(request.head.target == "/a?x=1")
        #expect(request.body.isEmpty)
        #expect(request.headAt == at(103))
        #expect(request.endedAt == at(103))
        #expect(request.firstOnConnection)
        #expect(machine.phase == .waiting)
        #expect(machine.deadline == nil)
    }

    @Test func pipelinedRequests_areAnsweredInOrder_oneAtATime() throws {
        var machine = Machine.test()
        let first = machine.feed("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HT", at: 101)
        #expect(first.count == 1)
        #expect(Machine.dispatched(first)?.head.target == "/1")
        // The second is read only once the first is answered.
        #expect(machine.advance(now: at(101), uploadAllowance: .max) == [])
        #expect(machine.answer(at: 102).end == [.journal(aborted: false)])
        let second = try #require(Machine.dispatched(machine.advance(now: at(102), uploadAllowance: .max)))
        #expect(second.head.target == "/2")
        #expect(!second.firstOnConnection)
        _ = machine.answer(at: 103)
        #expect(machine.advance(now: at(103), uploadAllowance: .max) == [])
        #expect(Machine.dispatched(machine.feed("TP/1.1\r\nHost: t\r\n\r\n", at: 104))?.head.target == "/3")
    }

    @Test func contentLengthBody_inPieces_isDispatchedWhole_andChargedToTheUplink() throws {
        var machine = Machine.test()
        var parser = HTTPHeadParser()
        let head = try #require(try parser.parseRequestText("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\n"))
        #expect(machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nabc", at: 101) == [.uploadStarted(head), .uploaded(3)])
        #expect(machine.phase == .readingBody)
        #expect(machine.bodyRemaining == 3)
        let actions = machine.feed("defGET /next", at: 102)
        #expect(actions.prefix(2) == [.uploaded(3), .uploadEnded])
        let request = try #require(Machine.dispatched(actions))
        #expect(request.body == Array("abcdef".utf8))
        #expect(request.headAt == at(101))
        #expect(request.endedAt == at(102))
        // What follows the body is the next request.
        #expect(machine.input == Array("GET /next".utf8))
    }

    @Test func uploadAllowance_limitsTheBytesTakenAtOnce() {
        var machine = Machine.test()
        let actions = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789", at: 101, allowance: 4)
        #expect(actions.filter { if case .uploaded = $0 { true } else { false } } == [.uploaded(4), .uploaded(4), .uploaded(2)])
        #expect(Machine.dispatched(actions)?.body == Array("0123456789".utf8))
    }

    @Test func bodyNotWanted_isReadAndDropped() {
        var machine = Machine.test(collectsBody: false)
        let actions = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc", at: 101)
        #expect(Machine.dispatched(actions)?.body == [])
    }

    @Test func chunkedBody_isDecoded_andWhatFollowsStaysForTheNextRequest() {
        var machine = Machine.test()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", at: 101)
        #expect(machine.phase == .readingBody)
        let actions = machine.feed("2\r\nde\r\n0\r\n\r\nGET", at: 102)
        #expect(Machine.dispatched(actions)?.body == Array("abcde".utf8))
        #expect(machine.input == Array("GET".utf8))
    }

    @Test func expectContinue_getsTheInterimResponse_beforeTheBody() {
        var machine = Machine.test()
        let actions = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", at: 101)
        #expect(actions.first == .write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)))
        // HTTP/1.0 has no interim responses; a body-less request needs none.
        var old = Machine.test()
        #expect(!old.feed("POST /u HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", at: 101).contains(.write(Machine.continueHead)))
        var empty = Machine.test()
        #expect(!empty.feed("POST /u HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n", at: 101).contains(.write(Machine.continueHead)))
    }

    @Test func contentLengthOverTheLimit_is413_beforeAnyBodyIsRead() throws {
        var machine = Machine.test()
        let served = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", at: 101)
        #expect(served.contains { if case .uploadStarted = $0 { true } else { false } })
        var over = Machine.test()
        let rejection = try #require(Machine.rejected(over.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n", at: 101)))
        #expect(rejection.status == 413)
        #expect(rejection.message == "request body of 1001 bytes is over the limit of 1000 bytes")
        #expect(rejection.head?.target == "/u")
        #expect(over.keepAlive == false)
    }

    @Test func chunkedBodyOverTheLimit_is413_oneByteOver() throws {
        for (length, refused) in [(1000, false), (1001, true)] {
            var machine = Machine.test()
            let body = String(repeating: "b", count: length)
            let actions = machine.feed(
                "POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\(String(length, radix: 16))\r\n\(body)\r\n0\r\n\r\n", at: 101
            )
            if refused {
                let rejection = try #require(Machine.rejected(actions))
                #expect(rejection.status == 413)
                #expect(rejection.message == "request body is over the limit of 1000 bytes")
                #expect(rejection.headAt == at(101))
                #expect(actions.contains(.uploadEnded))
            } else {
                #expect(Machine.dispatched(actions)?.body.count == 1000)
            }
        }
    }

    @Test func malformedChunk_is400_withTheParsersWords() throws {
        var machine = Machine.test()
        let actions = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", at: 101)
        let rejection = try #require(Machine.rejected(actions))
        #expect(rejection.status == 400)
        #expect(rejection.message == "malformed chunked body: bad chunk size line or missing CRLF")
        #expect(machine.input.isEmpty)
    }

    @Test func headOverTheLimits_is431() throws {
        let start = "GET /a HTTP/1.1\r\nHost: t\r\nX-Pad: \r\n\r\n"
        for (length, status) in [(1024, nil), (1025, 431)] {
            var machine = Machine.test()
            let head = "GET /a HTTP/1.1\r\nHost: t\r\nX-Pad: \(String(repeating: "p", count: length - start.utf8.count))\r\n\r\n"
            let actions = machine.feed(head, at: 101)
            #expect(Machine.rejected(actions)?.status == status)
            if status == 431 { #expect(Machine.rejected(actions)?.message == "message head larger than HTTPLimits.maxHeaderBytes") }
        }
        for (fields, status) in [(20, nil), (21, 431)] {
            var machine = Machine.test()
            let head = "GET /a HTTP/1.1\r\nHost: t\r\n" + (1..<fields).map { "X-\($0): v\r\n" }.joined() + "\r\n"
            #expect(Machine.rejected(machine.feed(head, at: 101))?.status == status)
        }
    }

    @Test func malformedHeads_are400_or_theirOwnStatus_andCloseAfterTheAnswer() throws {
        let cases: [(String, Int)] = [
            ("GET  /a HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("GET /a HTTP/1.1\r\n\r\n", 400),
            ("GET /a HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ]
        for (text, status) in cases {
            var machine = Machine.test()
            let rejection = try #require(Machine.rejected(machine.feed(text, at: 101)), "\(text)")
            #expect(rejection.status == status, "\(text)")
            #expect(machine.phase == .waiting)
            let (head, end) = machine.answer(at: 101)
            #expect(head.contains("Connection: close\r\n"))
            #expect(end == [.journal(aborted: false), .shutDownWriting])
        }
    }

    @Test func headRequest_isDispatchedWithoutABody() throws {
        var machine = Machine.test()
        let request = try #require(Machine.dispatched(machine.feed("HEAD /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n", at: 101)))
        #expect(request.head.method == .head)
        // The head announces the body the GET would get.
        #expect(machine.answer(length: 10, at: 101).head.contains("Content-Length: 10\r\n"))
    }
}

extension HTTPHeadParser {
    /// The head `text` parses to (whole), for expected values.
    mutating func parseRequestText(_ text: String) throws -> HTTPRequestHead? {
        try Array(text.utf8).withUnsafeBytes { try parseRequest($0)?.head }
    }
}
