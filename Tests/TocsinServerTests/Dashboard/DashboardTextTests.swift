import Foundation
import Testing
import TocsinCore
@testable import TocsinServer

/// The catalogues, the language choice, the map and search: the parts of the pages that are
/// not the store.
@Suite("Dashboard text, map and search")
struct DashboardTextTests {
    /// Every `{name}` in a text.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}", maxSplits: 1).first.map(String.init) })
    }

    @Test(arguments: [Language.french, .russian])
    func everyCatalogueHasEveryEnglishTextWithTheSamePlaceholders(_ language: Language) throws {
        let english = Catalogue.keys(of: .english)
        #expect(english.count > 100, "en.json parses")
        #expect(Catalogue.keys(of: language) == english)
        let translated = Catalogue(language)
        for key in english {
            #expect(Self.placeholders(translated[key]) == Self.placeholders(Catalogue.english[key]), "\(language) \(key)")
            #expect(translated[key] != key)
        }
    }

    @Test func aMissingTextShowsItsKeyAndValuesAreFilledIn() {
        #expect(Catalogue.english["no.such.key"] == "no.such.key")
        #expect(Catalogue(.russian).text("incident.cuts", ["n": "5"]) == "отключений: 5")
        #expect(Catalogue.english.text("chart.title", ["name": "Net {signal}", "signal": "bgp"]) == "Net {signal}: bgp as % of normal", "one pass")
    }

    @Test func theLanguageComesFromTheQueryThenAcceptLanguageByWeight() {
        #expect(Language.chosen(query: "fr", acceptLanguage: "ru") == .french)
        #expect(Language.chosen(query: "xx", acceptLanguage: "ru-RU,ru;q=0.9") == .russian)
        #expect(Language.chosen(query: nil, acceptLanguage: "de-DE, fr;q=0.5, ru;q=0.8") == .russian)
        #expect(Language.chosen(query: nil, acceptLanguage: "de, fr;q=0") == .english)
        #expect(Language.chosen(query: nil, acceptLanguage: "fr;Q=0.4, ru;q=0.3") == .french, "Q is q")
        #expect(Language.chosen(query: nil, acceptLanguage: "fr;q=2, ru;q=abc, en;q=0.1") == .english, "bad weights drop their range")
        #expect(Language.chosen(query: nil, acceptLanguage: nil) == .english)
    }

    @Test func theMapHasAShapePerCountryWithItsCode() throws {
        #expect(WorldMap.shapes.count >= 170)
        #expect(Set(WorldMap.shapes.map(\.country)).count == WorldMap.shapes.count)
        #expect(WorldMap.shapes.allSatisfy { $0.country.count == 2 && $0.path.hasPrefix("M") && $0.path.hasSuffix("z") })
        for cc in ["KZ", "IR", "FR", "NO", "US", "RU", "MM", "ET"] { #expect(WorldMap.names[cc] != nil, "\(cc)") }
        #expect(WorldMap.names["KZ"] == "Kazakhstan")
        let svg = WorldMap().render(states: ["KZ": .outage, "IR": .normal], names: ["KZ": "Kazakhstan"], text: .english, caption: "map")
        #expect(svg.contains("<a href=\"/entity?id=country/KZ\" aria-label=\"Kazakhstan: outage\"><path data-country=\"KZ\" data-state=\"outage\""))
        #expect(svg.contains("data-country=\"IR\" data-state=\"normal\""))
        #expect(svg.contains("data-country=\"FR\" data-state=\"no-data\""))
        #expect(svg.components(separatedBy: "data-country=").count - 1 == WorldMap.shapes.count)
    }

    @Test func searchFindsByNameCodeAndASNumber() throws {
        let entities = [
            Entity(id: try EntityID("country/KZ"), name: "Kazakhstan"),
            Entity(id: .asn(29355), name: "Kcell", country: "KZ", access: .mobile),
            Entity(id: .asn(9198), name: "JSC Kazakhtelecom", country: "KZ", access: .fixed),
            Entity(id: try EntityID("region/KZ-ALA"), name: "Almaty", country: "KZ"),
            Entity(id: try EntityID("country/CI"), name: ""),
        ]
        let search = EntitySearch(entities: entities, names: DisplayNames(entities))
        #expect(search.find("kcell").map(\.entity) == ["asn/29355"])
        #expect(search.find("29355").map(\.entity) == ["asn/29355"])
        #expect(search.find("AS9198").map(\.entity) == ["asn/9198"])
        #expect(search.find("kazakh").map(\.entity) == ["country/KZ", "asn/9198"], "a name beginning with it before a word of a name")
        #expect(search.find("KZ").first?.entity == "country/KZ")
        #expect(search.find("almaty").first?.kind == "region")
        #expect(search.find("côte").map(\.entity) == ["country/CI"], "Natural Earth's name for a country without one, accents ignored")
        #expect(search.find("nothing like it").isEmpty)
        #expect(search.find("").count == entities.count)
    }

    @Test func aChartCarriesItsValuesAndSaysThemInWords() {
        let points: [(Int64, Double?)] = (0..<2000).map { i -> (Int64, Double?) in
            let value: Double? = i == 1000 ? nil : (900..<1100).contains(i) ? 5 : 100
            return (Int64(i) * 300, value)
        }
        var line = SVGChart.Line(label: "probing", points: points)
        line.raw = points.map { $0.1.map { $0 * 10 } }
        var chart = SVGChart(title: "Kazakhstan", from: 0, until: 600_000, lines: [line])
        chart.zoomBase = "/entity?id=country/KZ"
        chart.zone = TimeZone(identifier: "Asia/Almaty")
        let svg = chart.render()
        #expect(svg.contains("data-zoom=\"/entity?id=country/KZ\""))
        #expect(svg.contains("data-zone=\"Asia/Almaty\" data-utc-offset=\"21600\""))
        let values = svg.components(separatedBy: "data-v=\"")[1].prefix { $0 != "\"" }.split(separator: ",", omittingEmptySubsequences: false)
        #expect(values.count == 667, "2000 points thinned to groups of 3")
        #expect(values.first == "100" && values.contains("5"))
        #expect(svg.contains("data-raw=\"1000,"))
        #expect(svg.contains("<desc>Kazakhstan. probing: lowest 5 % of normal at 1970-01-04 03:00 UTC, last 100 % of normal at 1970-01-07 22:35 UTC.</desc>"))
    }
}
