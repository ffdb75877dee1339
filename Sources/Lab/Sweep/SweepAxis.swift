import MockServer

/// One `--vary NAME=V1,V2,...`: a parameter of the experiment and the values it takes.
struct SweepAxis: Sendable {
    /// The parameters a sweep may vary: the link's, and the jobs' count and size.
    static let names = ["latency", "jitter", "connect-latency", "bandwidth", "link-bandwidth", "count", "size"]

    var name: String
    /// The values as written, in order.
    var values: [String]

    /// Reads `latency=0ms,50ms,100ms`; each value is checked against the parameter's grammar.
    init(parsing text: String) throws(Message) {
        guard let equals = text.firstIndex(of: "=") else {
            throw Message("\"\(text)\" is not NAME=V1,V2,...; e.g. latency=0ms,50ms,100ms,200ms")
        }
        name = String(text[..<equals])
        values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard Self.names.contains(name) else {
            throw Message("\"\(name)\" cannot be varied; use one of \(Self.names.joined(separator: ", "))")
        }
        guard values != [""] else { throw Message("\(name) needs values, e.g. \(name)=\(Self.example(name))") }
        guard !values.contains("") else {
            throw Message("\(name): an empty value in \"\(text[text.index(after: equals)...])\" (a comma too many); e.g. \(name)=\(Self.example(name))")
        }
        for value in values {
            var probe = Experiment.article
            try apply(value, to: &probe)
        }
    }

    /// Sets this parameter of `experiment` to `value`.
    func apply(_ value: String, to experiment: inout Experiment) throws(Message) {
        switch name {
        case "count":
            guard let count = Int(value), (1...Experiment.maximumCount).contains(count) else {
                throw Message("count: \"\(value)\" is not a whole number from 1 to \(Experiment.maximumCount)")
            }
            experiment.count = count
        case "size":
            do {
                experiment.size = try ByteCount(parsing: value)
            } catch {
                throw Message("size: \(error)")
            }
        default:
            do {
                experiment.link = try LinkProfile(jsonObject: experiment.link.jsonObject().merging([name: value]) { $1 })
                experiment.linkName = nil
            } catch {
                throw Message("\(error)")
            }
        }
    }

    /// Where `value` sits on a chart's x axis (milliseconds, MB/s, jobs, KiB); nil when it
    /// has no place on a line (`none`).
    func position(_ value: String) -> Double? {
        switch name {
        case "count":
            return Int(value).map(Double.init)
        case "size":
            return (try? ByteCount(parsing: value)).map { Double($0.bytes) / 1024 }
        case "bandwidth", "link-bandwidth":
            return (try? Bandwidth(parsing: value)).map { $0.bytesPerSecond / 1e6 }
        default:
            let amount = value.split(separator: ":").last.map(String.init) ?? value
            return (try? Duration(parsing: amount)).map { $0.seconds * 1000 }
        }
    }

    /// The x axis title for this parameter.
    var unitLabel: String {
        switch name {
        case "count": "downloads (count)"
        case "size": "payload size (KiB)"
        case "bandwidth", "link-bandwidth": "\(name) (MB/s)"
        default: "\(name) (ms)"
        }
    }

    private static func example(_ name: String) -> String {
        switch name {
        case "count": "1,5,10,20"
        case "size": "64KiB,1MiB,10MiB"
        case "bandwidth", "link-bandwidth": "1MB/s,10MB/s,100MB/s"
        default: "0ms,50ms,100ms,200ms"
        }
    }
}
