import Foundation
import Testing
import TocsinCore

@Suite("Events JSON lines")
struct EventsJSONLinesTests {
    static let event = OutageEvent(
        entity: .asn(29355), start: 1_641_378_600, end: nil, detectedAt: 1_641_378_900, severity: 0.98,
        signals: [SignalDrop(signal: .probing, drop: 0.98, start: 1_641_378_600, end: nil)],
        confidence: 0.5, cause: .shutdown,
        evidence: Evidence(method: "test", baseline: ["probing": 1000], observed: ["probing": 20], notes: ["Kcell down"])
    )

    @Test func hasExactlyTheContractFields() throws {
        let line = EventsJSONLines.line(Self.event)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "entity", "start", "end", "detected_at", "severity", "signals", "confidence", "scope", "cause", "evidence"])
        #expect(object["end"] is NSNull, "an ongoing event has end: null")
        #expect(object["entity"] as? String == "asn/29355")
        #expect(object["id"] as? String == "asn-29355-1641378600")
        #expect(object["scope"] as? String == "network")
        #expect(object["detected_at"] as? Int == 1_641_378_900)
        let signals = try #require(object["signals"] as? [[String: Any]])
        #expect(signals.first?["signal"] as? String == "probing")
        #expect(signals.first?["drop"] as? Double == 0.98)
    }

    @Test func roundTripsAndReportsBadLines() {
        var ended = Self.event
        ended.end = 1_641_400_000
        let badEntity = EventsJSONLines.line(Self.event).replacing("asn/29355", with: "asn/AS29355")
        let text = EventsJSONLines.format([Self.event, ended]) + "{\"id\":\"x\"}\nnot json\n" + badEntity + "\n"
        let r = EventsJSONLines.parse(text, source: "ev.jsonl")
        #expect(r.events == [Self.event, ended])
        #expect(r.errors.map(\.line) == [3, 4, 5])
        #expect(r.errors[2].reason.contains("entity: invalid entity 'asn/AS29355'"), "\(r.errors[2])")
        #expect(r.errors[0].reason.contains("missing field"))
        #expect(r.errors[1].description.hasPrefix("ev.jsonl:4:"))
    }

    @Test func scopesFollowTheEntity() throws {
        #expect(EventScope(entity: try EntityID("country/KZ")) == .national)
        #expect(EventScope(entity: try EntityID("region/KZ-ALA")) == .regional)
        #expect(EventScope(entity: try EntityID("country/KZ/mobile")) == .mobile)
        #expect(EventScope(entity: try EntityID("country/KZ/fixed")) == .fixed)
        #expect(EventScope(entity: .asn(1)) == .network)
    }
}
