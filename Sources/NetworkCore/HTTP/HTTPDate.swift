#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP-dates (RFC 9110 §5.6.7): the `Date` header the server sends, as an IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), and the dates a client reads, such as `Retry-After`.
package enum HTTPDate {
    /// The date text of the second being cached, shared by every thread.
    private static let cache = Lock<(second: Int64, text: String)>((second: .min, text: ""))

    /// The current wall-clock time as an IMF-fixdate. Formatted at most once per second and
    /// otherwise served from a cache, so it is cheap to call for every response; thread-safe.
    package static func now() -> String {
        let second = Int64(time(nil))
        return cache.withLock { cached in
            if cached.second != second {
                cached = (second: second, text: format(secondsSince1970: second))
            }
            return cached.text
        }
    }

    /// `secondsSince1970` (Unix time, UTC) as an IMF-fixdate.
    package static func format(secondsSince1970 seconds: Int64) -> String {
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        let weekday = Int(floorDivision(days + 4, 7).remainder)  // 1970-01-01 was a Thursday
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
        let yearText = String(year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        return "\(weekdays[weekday]), \(two(day)) \(months[Int(month) - 1]) \(paddedYear) \(time) GMT"
    }

    /// The Unix time (UTC seconds) of an HTTP-date, or `nil` if `text` is not one.
    ///
    /// Accepts the three forms RFC 9110 §5.6.7 requires recipients to read: IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit
    /// years read as within 50 years of 2000, a simplification of the RFC's "50 years in the
    /// future" rule that needs no clock) and asctime (`Sun Nov  6 08:49:37 1994`). The weekday is
    /// not checked against the date.
    package static func parse(_ text: String) -> Int64? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let day: Int64?, monthName: String, year: Int64?, time: String
        switch fields.count {
        case 6 where fields[0].hasSuffix(",") && fields[5] == "GMT":  // IMF-fixdate
            (day, monthName, year, time) = (Int64(fields[1]), fields[2], Int64(fields[3]), fields[4])
            guard fields[3].count == 4 else { return nil }
        case 4 where fields[0].hasSuffix(",") && fields[3] == "GMT":  // RFC 850
            let parts = fields[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[2].count == 2, let shortYear = Int64(parts[2]) else { return nil }
            (day, monthName, year, time) = (Int64(parts[0]), parts[1], shortYear + (shortYear < 50 ? 2000 : 1900), fields[2])
        case 5 where !fields[0].hasSuffix(","):  // asctime
            (day, monthName, year, time) = (Int64(fields[2]), fields[1], Int64(fields[4]), fields[3])
        default:
            return nil
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard let day, let year, let month = months.firstIndex(of: monthName).map({ Int64($0) + 1 }),
            clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int64(clock[0]), let minute = Int64(clock[1]), let second = Int64(clock[2]),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// The day count from 1970-01-01 of a proleptic Gregorian date: the inverse of
    /// ``civilDate(daysSince1970:)`` (Howard Hinnant's `days_from_civil`).
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year  // years start on 1 March
        let (era, yearOfEra) = floorDivision(marchYear, 400)
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian (year, month, day) of a day count from 1970-01-01, by the
    /// 400-year-era method (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let (era, dayOfEra) = floorDivision(days + 719_468, 146_097)  // eras start on 0000-03-01
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // March is 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = (value % divisor + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }
}
