import Foundation
import TocsinCore
import TocsinGeo

/// One request from a web server's access log: who asked, when, and how many bytes went back.
///
/// Two formats: the combined/common log format of nginx and Apache
/// (`1.2.3.4 - - [05/Jan/2022:10:30:00 +0600] "GET / HTTP/1.1" 200 512 "-" "agent"`), and
/// JSON lines with the client address under one of the usual keys (`remote_addr`,
/// `client_ip`, `clientip`, `client`, `ip`, `remote_ip`, `c-ip`), the time under `time`,
/// `timestamp`, `@timestamp`, `time_local` or `time_iso8601` (RFC 3339, Unix seconds or the
/// log format's own), and the bytes under `body_bytes_sent`, `bytes_sent`, `bytes` or `size`.
public struct AccessLogLine: Sendable, Hashable {
    public var client: IPAddress
    public var time: Int64
    public var bytes: UInt64

    public init(client: IPAddress, time: Int64, bytes: UInt64) {
        self.client = client
        self.time = time
        self.bytes = bytes
    }

    /// Why a line was not read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    static let clientKeys = ["remote_addr", "client_ip", "clientip", "client", "ip", "remote_ip", "c-ip", "clientIP"]
    static let timeKeys = ["time", "timestamp", "@timestamp", "time_local", "time_iso8601", "ts"]
    static let byteKeys = ["body_bytes_sent", "bytes_sent", "bytes", "size", "response_size"]

    public static func parse(_ line: Substring) -> Result<AccessLogLine, ParseError> {
        var trimmed = line.drop { $0 == " " || $0 == "\t" }
        while trimmed.last == "\r" || trimmed.last == " " { trimmed = trimmed.dropLast() }
        if trimmed.first == "{" { return json(trimmed) }
        return combined(trimmed)
    }

    /// `host ident user [time] "request" status bytes ...`
    static func combined(_ line: Substring) -> Result<AccessLogLine, ParseError> {
        guard let space = line.firstIndex(of: " "), let client = IPAddress(line[..<space]) else {
            return .failure(ParseError(reason: "no client address at the start of the line"))
        }
        guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]"),
              let time = logTime(line[line.index(after: open)..<close]) else {
            return .failure(ParseError(reason: "no [dd/Mon/yyyy:hh:mm:ss ±zzzz] time"))
        }
        // After the quoted request: status, then bytes ("-" for none).
        var rest = line[line.index(after: close)...]
        if let q1 = rest.firstIndex(of: "\""), let q2 = rest[rest.index(after: q1)...].firstIndex(of: "\"") {
            rest = rest[rest.index(after: q2)...]
        }
        let fields = rest.split(separator: " ", maxSplits: 3)
        guard fields.count >= 2, Int(fields[0]) != nil else { return .failure(ParseError(reason: "no status and size after the request")) }
        let bytes = fields[1] == "-" ? 0 : UInt64(fields[1])
        guard let bytes else { return .failure(ParseError(reason: "size '\(fields[1])' is not a number")) }
        return .success(AccessLogLine(client: client, time: time, bytes: bytes))
    }

    static func json(_ line: Substring) -> Result<AccessLogLine, ParseError> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .failure(ParseError(reason: "not a JSON object"))
        }
        guard let clientText = clientKeys.lazy.compactMap({ object[$0] as? String }).first,
              let client = IPAddress(clientText.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? clientText) else {
            return .failure(ParseError(reason: "no client address under \(clientKeys.joined(separator: ", "))"))
        }
        var time: Int64?
        for key in timeKeys {
            if let n = object[key] as? NSNumber { time = seconds(n.doubleValue); break }
            if let t = object[key] as? String { time = UTCTime.parse(t) ?? logTime(Substring(t)) ?? Double(t).flatMap(seconds); if time != nil { break } }
        }
        guard let time else { return .failure(ParseError(reason: "no time under \(timeKeys.joined(separator: ", "))")) }
        var bytes: UInt64 = 0
        for key in byteKeys {
            if let n = object[key] as? NSNumber { bytes = UInt64(max(0, n.int64Value)); break }
            if let t = object[key] as? String, let n = UInt64(t) { bytes = n; break }
        }
        return .success(AccessLogLine(client: client, time: time, bytes: bytes))
    }

    /// Unix seconds from a number, if it can be one (finite, within ±10¹² s).
    static func seconds(_ d: Double) -> Int64? { d.isFinite && abs(d) < 1e12 ? Int64(d) : nil }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `05/Jan/2022:10:30:00 +0600` as Unix seconds.
    static func logTime(_ text: Substring) -> Int64? {
        let u = Array(text.utf8)
        guard u.count == 26, u[2] == 0x2F, u[6] == 0x2F, u[11] == 0x3A, u[14] == 0x3A, u[17] == 0x3A, u[20] == 0x20 else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { guard (0x30...0x39).contains(u[i]) else { return nil }; n = n * 10 + Int(u[i] - 0x30) }
            return n
        }
        guard let day = number(0..<2), let year = number(7..<11), let hour = number(12..<14), let minute = number(15..<17),
              let second = number(18..<20), let zh = number(22..<24), let zm = number(24..<26),
              let month = months.firstIndex(of: String(decoding: u[3..<6], as: UTF8.self)),
              (1...31).contains(day), hour < 24, minute < 60, second < 61, u[21] == 0x2B || u[21] == 0x2D else { return nil }
        guard let midnight = UTCTime.parse(String(format: "%04d-%02d-%02dT00:00:00Z", year, month + 1, day)) else { return nil }
        let offset = Int64(zh * 3600 + zm * 60) * (u[21] == 0x2D ? -1 : 1)
        return midnight + Int64(hour * 3600 + minute * 60 + second) - offset
    }
}
