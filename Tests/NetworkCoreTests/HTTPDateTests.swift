import Glibc
import Testing
@testable import NetworkCore

@Suite struct HTTPDateTests {
    @Test func format_writesIMFFixdate() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 4_107_542_399) == "Sun, 28 Feb 2100 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: 1_709_251_199) == "Thu, 29 Feb 2024 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test func format_agreesWithACalendarWalk() {
        // Walk day by day from 1970, tracking the calendar by hand, across four centuries.
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let common = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var (year, month, day) = (1970, 1, 1)
        for days in stride(from: 0, to: 146_097, by: 1) {
            if days % 97 == 0 {
                let text = "\(weekdays[days % 7]), \(day < 10 ? "0" : "")\(day) \(monthNames[month - 1]) \(year) 12:00:00 GMT"
                #expect(HTTPDate.format(secondsSince1970: Int64(days) * 86_400 + 43_200) == text)
            }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = month == 2 && leap ? 29 : common[month - 1]
            day += 1
            if day > length { (day, month) = (1, month + 1) }
            if month > 12 { (month, year) = (1, year + 1) }
        }
    }

    @Test func parse_readsAllThreeForms() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.parse("Wed, 31 Dec 1969 23:59:59 GMT") == -1)
        #expect(HTTPDate.parse("Thursday, 01-Jan-26 00:00:00 GMT") == HTTPDate.parse("Thu, 01 Jan 2026 00:00:00 GMT"))
    }

    @Test func parse_invertsFormat_acrossFourCenturies() {
        for seconds in stride(from: Int64(-4_000_000_000), to: 9_000_000_000, by: 7_777_777) {
            #expect(HTTPDate.parse(HTTPDate.format(secondsSince1970: seconds)) == seconds)
        }
    }

    @Test func parse_rejectsWhatIsNotADate() {
        for text in [
            "", "5", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov  6 08:49 1994",
        ] {
            #expect(HTTPDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func now_isTheCurrentSecond_asAWellFormedDate() throws {
        // Bracketed by the wall clock read before and after, with time(2) as HTTPDate reads it
        // (a finer clock can be a tick ahead at a second's edge): the cache may neither serve
        // a stale second nor run ahead.
        let before = Int64(time(nil))
        let date = HTTPDate.now()
        let again = HTTPDate.now()
        let after = Int64(time(nil))
        #expect(date.utf8.count == 29 && date.hasSuffix(" GMT"), "\(date)")
        let first = try #require(HTTPDate.parse(date), "\(date)")
        let second = try #require(HTTPDate.parse(again), "\(again)")
        #expect((before...after).contains(first))
        #expect((first...after).contains(second))
    }
}
