import Testing
@testable import TocsinCore

@Suite("Signals CSV")
struct SignalsCSVTests {
    @Test func readsRowsInAnyOrderWithGapsAndBothTimeForms() throws {
        let text = """
            time,entity,signal,value
            1641379200,asn/29355,bgp,120
            2022-01-05T10:30:00Z,asn/29355,bgp,
            1641378900,country/KZ,probing,45.5
            2022-01-05T16:35:00+06:00,country/KZ/mobile,traffic,-1e3

            """
        let r = SignalsCSV.parse(text)
        #expect(r.errors.isEmpty)
        #expect(r.rounded == 0)
        #expect(r.points.count == 4)
        #expect(r.points[0] == SignalPoint(entity: .asn(29355), signal: .bgp, time: 1_641_379_200, value: 120))
        #expect(r.points[1].value == nil, "an empty value is a gap, not a zero")
        #expect(r.points[1].time == 1_641_378_600)
        #expect(r.points[2].value == 45.5)
        #expect(r.points[3].value == -1000)
        #expect(r.points[3].entity == (try EntityID("country/KZ/mobile")))
    }

    @Test func toleratesBOMAndCRLFAndQuotes() {
        let text = "\u{FEFF}time,entity,signal,value\r\n1641378600,\"asn/9198\",bgp,\"7\"\r\n"
        let r = SignalsCSV.parse(text)
        #expect(r.errors.isEmpty)
        #expect(r.points == [SignalPoint(entity: .asn(9198), signal: .bgp, time: 1_641_378_600, value: 7)])
    }

    @Test func roundsOffBinTimesDownAndCountsThem() {
        let r = SignalsCSV.parse("time,entity,signal,value\n1641378601,asn/1,bgp,1\n1641378600,asn/1,bgp,1\n2022-01-05T10:34:59Z,asn/1,bgp,1\n")
        #expect(r.errors.isEmpty)
        #expect(r.rounded == 2)
        #expect(r.points.map(\.time) == [1_641_378_600, 1_641_378_600, 1_641_378_600])
        var parser = SignalsCSVParser(source: "f")
        var splitter = LineSplitter()
        splitter.feed(Array("time,entity,signal,value\n1,asn/1,bgp,1\n2,asn/1,bgp,1\n".utf8)) { line, n in _ = parser.parse(line: line, number: n) }
        #expect(parser.firstRoundedLine == 2)
    }

    @Test("each bad line is reported with its number and reason", arguments: [
        ("1641378600,asn/1,bgp", "expected 4 fields"),
        ("1641378600,asn/1,bgp,1,2", "found more"),
        ("yesterday,asn/1,bgp,1", "bad time 'yesterday'"),
        ("2022-02-30T00:00:00Z,asn/1,bgp,1", "bad time"),
        ("1641378600,asn/AS1,bgp,1", "invalid entity 'asn/AS1'"),
        ("1641378600,country/Kazakhstan,bgp,1", "invalid entity"),
        ("1641378600,asn/1,pings,1", "unknown signal 'pings'"),
        ("1641378600,asn/1,bgp,lots", "bad value 'lots'"),
        ("1641378600,asn/1,bgp,nan", "bad value 'nan'"),
        ("1641378600,asn/1,bgp,inf", "bad value"),
        ("1641378600,asn/1,bgp,1.2.3", "bad value"),
        ("1641378600,\"asn/1,bgp,1", "quoted field is not closed"),
        ("999999999999999999,asn/1,bgp,1", "out of range"),
        ("-300,asn/1,bgp,1", "out of range"),
    ])
    func badLine(line: String, fragment: String) {
        let r = SignalsCSV.parse("time,entity,signal,value\n1641378600,asn/1,bgp,1\n\(line)\n1641378900,asn/1,bgp,2\n", source: "kz.csv")
        #expect(r.points.count == 2, "the rest of the stream goes on")
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.line == 3)
        #expect(r.errors.first?.source == "kz.csv")
        #expect(r.errors.first?.description.hasPrefix("kz.csv:3: ") == true)
        #expect(r.errors.first?.reason.contains(fragment) == true, "\(r.errors)")
    }

    @Test func missingHeader() {
        let r = SignalsCSV.parse("1641378600,asn/1,bgp,1\n")
        #expect(r.points.isEmpty)
        #expect(r.errors.first?.reason.contains("expected the header") == true)
        #expect(SignalsCSV.parse("").errors.first?.reason.contains("no header") == true)
    }

    @Test func chunkBoundariesDoNotMatter() {
        let text = "time,entity,signal,value\r\n" + (0..<50).map { "\(1_641_378_600 + $0 * 300),asn/\($0 + 1),bgp,\($0)\r\n" }.joined() + "1641378600,asn/9,bgp,1"
        let bytes = Array(text.utf8)
        let whole = SignalsCSV.parse(text).points
        for chunkSize in [1, 2, 3, 7, 64, 4096] {
            var parser = SignalsCSVParser(source: "x")
            var splitter = LineSplitter()
            var points: [SignalPoint] = []
            let handle = { (line: UnsafeBufferPointer<UInt8>, n: Int) in
                if case .point(let p) = parser.parse(line: line, number: n) { points.append(p) }
            }
            var i = 0
            while i < bytes.count {
                splitter.feed(Array(bytes[i..<min(i + chunkSize, bytes.count)]), handle)
                i += chunkSize
            }
            splitter.finish(handle)
            #expect(points == whole, "chunk size \(chunkSize)")
        }
        #expect(whole.count == 51)
    }

    @Test func writesWhatItReads() throws {
        let points = [
            SignalPoint(entity: .asn(29355), signal: .bgp, time: 1_641_378_600, value: 1234),
            SignalPoint(entity: try EntityID("region/KZ-ALA"), signal: .probing, time: 1_641_378_900, value: 0.1),
            SignalPoint(entity: try EntityID("country/KZ"), signal: .traffic, time: 1_641_379_200, value: nil),
            SignalPoint(entity: try EntityID("country/KZ"), signal: .traffic, time: 1_641_379_500, value: 1e300),
        ]
        let text = ([SignalsCSV.header] + points.map(SignalsCSV.line)).joined(separator: "\n")
        #expect(SignalsCSV.parse(text).points == points)
        #expect(SignalsCSV.line(points[0]) == "1641378600,asn/29355,bgp,1234")
        #expect(SignalsCSV.line(points[2]) == "1641379200,country/KZ,traffic,")
    }

    @Test func decimalFastPathMatchesStandardParser() {
        for text in ["0", "1", "-1", "3.14159", "0.1", "0.3", "123456789012345", "99.99", "1.000000000000001", "2.5e3", "+7", "1234567890123456789"] {
            var bytes = Array(text.utf8)
            let fast = bytes.withUnsafeMutableBufferPointer { DecimalNumber.parse(UnsafeBufferPointer($0)) }
            #expect(fast == Double(text), "\(text)")
        }
    }
}

@Suite("Entities CSV")
struct EntitiesCSVTests {
    @Test func readsQuotedNamesAndDefaults() throws {
        let text = #"""
            entity,name,country,access
            asn/29355,"Kcell JSC, ""Kcell""",KZ,mobile
            asn/9198,JSC Kazakhtelecom,KZ,fixed
            country/KZ,Kazakhstan,,
            """#
        let r = EntitiesCSV.parse(text)
        #expect(r.errors.isEmpty)
        #expect(r.entities.count == 3)
        #expect(r.entities[0].name == "Kcell JSC, \"Kcell\"")
        #expect(r.entities[0].access == .mobile)
        #expect(r.entities[2].country == "KZ", "taken from the id")
        #expect(r.entities[2].access == .unknown)
        #expect(EntitiesCSV.parse(EntitiesCSV.format(r.entities)).entities == r.entities)
    }

    @Test("bad lines", arguments: [
        ("asn/1,X,KZ,satellite", "access must be one of"),
        ("asn/1,X,Kazakhstan,mobile", "two upper-case letters"),
        ("country/KZ,X,RU,", "contradicts"),
        ("asn/x,X,KZ,mobile", "invalid entity"),
        ("asn/1,X,KZ", "expected 4 fields"),
    ])
    func badLine(line: String, fragment: String) {
        let r = EntitiesCSV.parse("entity,name,country,access\nasn/2,Y,KZ,fixed\n\(line)\n", source: "e.csv")
        #expect(r.entities.count == 1)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.line == 3)
        #expect(r.errors.first?.reason.contains(fragment) == true, "\(r.errors)")
    }
}
