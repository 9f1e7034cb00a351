import Testing
import TocsinCore
@testable import TocsinServer

/// Events become incidents as a reader counts them: one national shutdown with its re-cuts
/// and the networks, groups and regions it took down is one incident.
@Suite("Incidents")
struct IncidentGroupingTests {
    static let t0: Int64 = 1_641_378_600  // 2022-01-05 10:30 UTC
    static let entities: [EntityID: Entity] = Dictionary(uniqueKeysWithValues: [
        Entity(id: .asn(29355), name: "Kcell", country: "KZ", access: .mobile),
        Entity(id: .asn(21299), name: "Beeline", country: "KZ", access: .mobile),
        Entity(id: .asn(9198), name: "Kazakhtelecom", country: "KZ", access: .fixed),
        Entity(id: .asn(12389), name: "Rostelecom", country: "RU", access: .fixed),
    ].map { ($0.id, $0) })

    static func event(_ entity: String, _ start: Int64, _ end: Int64?, severity: Double = 0.9) throws -> OutageEvent {
        OutageEvent(entity: try EntityID(entity), start: start, end: end, detectedAt: start + 600, severity: severity, signals: [],
                    confidence: 0.9, scope: EventScope(entity: try EntityID(entity)), cause: .shutdown, evidence: Evidence(method: "test"))
    }

    @Test func aNationalShutdownWithReCutsIsOneIncident() throws {
        let h: Int64 = 3600
        let events = try [
            Self.event("country/KZ/mobile", Self.t0 - 20 * h, Self.t0 + 30 * h),  // mobile first, overlapping the national cut
            Self.event("asn/29355", Self.t0 - 20 * h, Self.t0 + 30 * h),
            Self.event("country/KZ", Self.t0, Self.t0 + 30 * h),
            Self.event("asn/9198", Self.t0 + 10 * 60, Self.t0 + 30 * h),
            Self.event("region/KZ-ALA", Self.t0, Self.t0 + 30 * h),
            Self.event("country/KZ", Self.t0 + 34 * h, Self.t0 + 60 * h),  // restored 4 h, re-cut
            Self.event("asn/21299", Self.t0 + 34 * h, nil),
            Self.event("country/KZ", Self.t0 + 70 * h, nil, severity: 0.97),  // and again, still under way
            Self.event("asn/12389", Self.t0, Self.t0 + h),  // another country's network: its own incident
        ]
        let incidents = IncidentGrouping.incidents(events, entities: Self.entities)
        #expect(incidents.count == 2)
        let kz = try #require(incidents.first { $0.entity.rawValue == "country/KZ" })
        #expect(kz.cuts.count == 3)
        #expect(kz.isOngoing && kz.end == nil)
        #expect(kz.start == Self.t0)
        #expect(kz.severity == 0.97)
        #expect(kz.affected.map(\.rawValue) == ["asn/21299", "asn/29355", "asn/9198", "country/KZ/mobile", "region/KZ-ALA"])
        #expect(incidents.first { $0.entity == .asn(12389) }?.parts.isEmpty == true)
    }

    @Test func aMobileCutWithoutTheCountryGathersItsMobileNetworksOnly() throws {
        let events = try [
            Self.event("country/KZ/mobile", Self.t0, Self.t0 + 7200),
            Self.event("asn/29355", Self.t0 + 300, Self.t0 + 7200),
            Self.event("asn/9198", Self.t0 + 300, Self.t0 + 3600),  // fixed: not part of the mobile cut
        ]
        let incidents = IncidentGrouping.incidents(events, entities: Self.entities)
        #expect(incidents.count == 2)
        #expect(incidents.first { $0.entity.rawValue == "country/KZ/mobile" }?.affected == [.asn(29355)])
    }

    @Test func aNetworkStillDownKeepsTheIncidentOpenAndTheCountryDisrupted() throws {
        let events = try [Self.event("country/KZ", Self.t0, Self.t0 + 3600), Self.event("asn/29355", Self.t0, nil)]
        let incident = try #require(IncidentGrouping.incidents(events, entities: Self.entities).first)
        #expect(incident.parts.count == 1 && incident.isOngoing)
        let states = OverviewPage.states([incident], from: nil, until: Self.t0 + 7200, entities: [Entity(id: try EntityID("country/KZ"), name: "Kazakhstan")])
        #expect(states["KZ"] == .disrupted)
    }

    @Test func cutsMoreThanADayApartAreSeparateIncidents() throws {
        let events = try [Self.event("country/KZ", Self.t0, Self.t0 + 3600), Self.event("country/KZ", Self.t0 + 3600 + 25 * 3600, Self.t0 + 30 * 3600)]
        #expect(IncidentGrouping.incidents(events, entities: [:]).count == 2)
        // …unless the detector linked them as one recurring series (a nightly curfew that skipped a night).
        var recurring = events
        recurring[1].evidence.recurrenceOf = events[0].id
        #expect(IncidentGrouping.incidents(recurring, entities: [:]).count == 1)
    }

    @Test func theIncidentSentenceSpansItsCuts() throws {
        let events = try [Self.event("country/KZ", Self.t0, Self.t0 + 3600), Self.event("country/KZ", Self.t0 + 7200, Self.t0 + 9000, severity: 0.98)]
        let incident = try #require(IncidentGrouping.incidents(events, entities: [:]).first)
        #expect(AlertText.sentence(incident, name: "Kazakhstan")
            == "Kazakhstan: nation-scale Internet disruption from 2022-01-05 10:30 UTC to 2022-01-05 13:00 UTC; connectivity at 2% of ordinary levels; likely cause: shutdown; 2 cuts")
        #expect(AlertText.sentence(incident, name: "Kazakhstan", text: Catalogue(.french)).hasPrefix("Kazakhstan: perturbation d’Internet à l’échelle nationale du 2022-01-05 10:30 UTC"))
    }

    @Test func aCountrysStateComesFromItsIncidents() throws {
        let watched = try [Entity(id: EntityID("country/KZ"), name: "Kazakhstan"), Entity(id: EntityID("country/IR"), name: "Iran"),
                           Entity(id: EntityID("country/UZ"), name: "Uzbekistan"), Entity(id: EntityID("country/AM"), name: "Armenia")]
            + Array(Self.entities.values)
        let now = Self.t0 + 7200
        let events = try [
            Self.event("country/KZ", Self.t0, nil, severity: 0.9),  // outage
            Self.event("country/IR/mobile", Self.t0, nil),  // the mobile networks only: disrupted
            Self.event("country/UZ", Self.t0, nil, severity: 0.3),  // shallow: disrupted
            Self.event("country/AM", Self.t0 - 86_400, Self.t0 - 80_000),  // over: normal now, outage within the week
        ]
        let incidents = IncidentGrouping.incidents(events, entities: Self.entities)
        let current = OverviewPage.states(incidents, from: nil, until: now, entities: watched)
        #expect(current == ["KZ": .outage, "IR": .disrupted, "UZ": .disrupted, "AM": .normal])
        let week = OverviewPage.states(incidents, from: now - 7 * 86_400, until: now, entities: watched)
        #expect(week["AM"] == .outage)
    }
}
