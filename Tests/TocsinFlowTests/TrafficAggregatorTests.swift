import Testing
import TocsinCore
import TocsinFlow
import TocsinGeo

/// The traffic signals from records: which side is the user, scaling, clients, bins.
@Suite("Traffic aggregation and access logs")
struct TrafficAggregatorTests {
    /// 95.56.0.0/16 is AS9198 in KZ (fixed), 2.132.0.0/16 AS29355 in KZ (mobile),
    /// 192.0.2.0/24 is the operator's own.
    static func locator() throws -> TrafficLocator {
        var geo = GeoDatabase(registry: NetworksRegistry(operatorEntries: [
            Entity(id: .asn(9198), name: "Kazakhtelecom", country: "KZ", access: .fixed),
            Entity(id: .asn(29355), name: "Kcell", country: "KZ", access: .mobile),
        ]))
        geo.registeredIPv4 = IPv4PrefixTable([(try IPv4Prefix("95.56.0.0/16"), "KZ"), (try IPv4Prefix("2.132.0.0/16"), "KZ"), (try IPv4Prefix("192.0.2.0/24"), "NL")])
        let routes: [(IPv4Prefix, UInt32)] = [(try IPv4Prefix("95.56.0.0/16"), 9198), (try IPv4Prefix("2.132.0.0/16"), 29355), (try IPv4Prefix("192.0.2.0/24"), 64500)]
        geo.routedIPv4 = IPv4PrefixTable(routes)
        return TrafficLocator(geo)
    }

    static func flow(_ src: String, _ dst: String, bytes: UInt64, packets: UInt64 = 1, rate: UInt32 = 1, end: Int64) -> FlowRecord {
        var f = FlowRecord()
        f.source = IPAddress(src)
        f.destination = IPAddress(dst)
        f.bytes = bytes
        f.packets = packets
        f.samplingRate = rate
        f.end = end * 1000
        return f
    }

    static func values(_ points: [SignalPoint]) -> [String: Double] {
        Dictionary(points.map { ("\($0.key.entity.rawValue) \($0.key.signal.rawValue) \($0.time)", $0.value ?? -1) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("the remote user is the end outside the local prefixes; sampled counters are scaled; clients are distinct /24s")
    func remoteSideAndScaling() throws {
        var a = try TrafficAggregator(locator: Self.locator(), localPrefixes: ["192.0.2.0/24"], grace: 60)
        let t: Int64 = 1_641_378_600  // 2022-01-05 10:30 UTC
        a.add(Self.flow("192.0.2.10", "95.56.12.7", bytes: 1000, packets: 2, rate: 100, end: t + 10), now: t + 20)  // download to a KZ user
        a.add(Self.flow("95.56.12.99", "192.0.2.10", bytes: 60, end: t + 11), now: t + 20)  // the same /24 asking
        a.add(Self.flow("2.132.5.5", "192.0.2.11", bytes: 500, end: t + 12), now: t + 20)  // a mobile user
        a.add(Self.flow("192.0.2.1", "192.0.2.2", bytes: 9999, end: t + 13), now: t + 20)  // internal: not counted
        #expect(a.drain(now: t + 300).isEmpty, "the bin is not handed out before its end and the grace")
        let v = Self.values(a.drain(now: t + 360))
        #expect(v["asn/9198 traffic \(t)"] == 100_060 && v["asn/9198 traffic_packets \(t)"] == 201)
        #expect(v["asn/9198 traffic_flows \(t)"] == 2 && v["asn/9198 traffic_clients \(t)"] == 1)
        #expect(v["country/KZ traffic \(t)"] == 100_560 && v["country/KZ traffic_clients \(t)"] == 2)
        #expect(v["country/KZ/mobile traffic \(t)"] == 500 && v["country/KZ/fixed traffic \(t)"] == 100_060)
        #expect(v["country/NL traffic \(t)"] == nil, "the operator's own side is never the user")
        #expect(a.counters.internalFlows == 1 && a.counters.counted == 3)
    }

    @Test("late records update a held bin; a network that goes silent reads 0; far-off times are refused")
    func binsOverTime() throws {
        var a = try TrafficAggregator(locator: Self.locator(), localPrefixes: ["192.0.2.0/24"], grace: 60, keptBins: 12)
        let t: Int64 = 1_641_378_600
        a.add(Self.flow("192.0.2.10", "95.56.1.1", bytes: 100, end: t + 1), now: t + 2)
        a.add(Self.flow("192.0.2.10", "2.132.1.1", bytes: 100, end: t + 1), now: t + 2)
        #expect(Self.values(a.drain(now: t + 400))["asn/9198 traffic \(t)"] == 100)
        // A flow of the first bin arrives late: the bin is handed out again with the new total.
        a.add(Self.flow("192.0.2.10", "95.56.1.2", bytes: 50, end: t + 200), now: t + 500)
        // Next bin: only the mobile network has traffic; the fixed one reads 0, not a gap.
        a.add(Self.flow("192.0.2.10", "2.132.1.1", bytes: 70, end: t + 301), now: t + 500)
        let v = Self.values(a.drain(now: t + 700))
        #expect(v["asn/9198 traffic \(t)"] == 150 && v["asn/9198 traffic \(t + 300)"] == 0 && v["asn/29355 traffic \(t + 300)"] == 70)
        // Hours late, or from the future: counted as late, not stored.
        a.add(Self.flow("192.0.2.10", "95.56.1.1", bytes: 1, end: t), now: t + 5 * 3600)
        a.add(Self.flow("192.0.2.10", "95.56.1.1", bytes: 1, end: t + 4000), now: t + 4000 - 3599)
        #expect(a.counters.late >= 1)
        // A bin already forgotten is never brought back by a late record.
        var b = try TrafficAggregator(locator: Self.locator(), localPrefixes: ["192.0.2.0/24"], grace: 60, keptBins: 2)
        b.add(Self.flow("192.0.2.10", "95.56.1.1", bytes: 100, end: t + 1), now: t + 2)
        _ = b.drain(now: t + 600)
        b.add(Self.flow("192.0.2.10", "95.56.1.1", bytes: 5, end: t + 2), now: t + 590)
        #expect(b.drain(now: t + 700).isEmpty && b.counters.late == 1)
    }

    @Test("access log lines: combined format, JSON lines, and what is refused")
    func accessLogLines() throws {
        let combined = AccessLogLine.parse(#"95.56.12.7 - - [05/Jan/2022:16:30:00 +0600] "GET /news HTTP/1.1" 200 5120 "-" "Mozilla/5.0""#)
        #expect(combined == .success(AccessLogLine(client: IPAddress("95.56.12.7")!, time: 1_641_378_600, bytes: 5120)))
        let noBody = AccessLogLine.parse(#"2001:db8::1 - user [05/Jan/2022:10:30:00 +0000] "HEAD / HTTP/1.1" 304 - "-" "curl""#)
        #expect(noBody == .success(AccessLogLine(client: IPAddress("2001:db8::1")!, time: 1_641_378_600, bytes: 0)))
        let json = AccessLogLine.parse(#"{"remote_addr":"2.132.5.5","time_iso8601":"2022-01-05T10:30:00+00:00","body_bytes_sent":"777","status":200}"#)
        #expect(json == .success(AccessLogLine(client: IPAddress("2.132.5.5")!, time: 1_641_378_600, bytes: 777)))
        let forwarded = AccessLogLine.parse(#"{"client_ip":"2.132.5.5, 10.0.0.1","timestamp":1641378600,"bytes":12}"#)
        #expect(forwarded == .success(AccessLogLine(client: IPAddress("2.132.5.5")!, time: 1_641_378_600, bytes: 12)))
        for bad in ["", "not a log line", #"95.56.12.7 - - [05/Foo/2022:16:30:00 +0600] "GET /" 200 1"#, #"{"remote_addr":"nowhere","time":1}"#,
                    #"{"remote_addr":"1.2.3.4"}"#, #"{"#, #"{"ip":"1.2.3.4","time":1e300}"#, #"{"ip":"1.2.3.4","time":"nan"}"#, #"{"ip":"1.2.3.4","time":"-inf"}"#, #"1.2.3.4 - - [05/Jan/2022:16:30:00 +0600] "GET /" 200 lots"#] {
            guard case .failure = AccessLogLine.parse(Substring(bad)) else { Issue.record("accepted: \(bad)"); continue }
        }
    }
}
