import Foundation
import Testing
import TocsinTestSupport
import TocsinServer

@Suite("Observatory configuration")
struct ObservatoryConfigTests {
    @Test func fileThenEnvironment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("c.json", #"{"listen":{"port":9000},"tokens":["a"],"sources":{"inbox":{"interval":5}}}"#)
        var config = try ObservatoryConfig.load(path: path)
        #expect(config.listen.port == 9000)
        #expect(config.listen.host == "127.0.0.1", "unset keys keep their defaults")
        #expect(config.tokens == ["a"])
        #expect(config.sources.inbox.interval == 5)
        #expect(config.sources.inbox.enabled)
        try config.applyEnvironment(["TOCSIN_PORT": "9100", "TOCSIN_TOKEN": "x,y", "TOCSIN_DATA": "/var/lib/tocsin"])
        #expect(config.listen.port == 9100)
        #expect(config.tokens == ["x", "y"])
        #expect(config.resolve("tocsin.sqlite") == "/var/lib/tocsin/tocsin.sqlite")
        #expect(throws: ConfigError.self) { try config.applyEnvironment(["TOCSIN_PORT": "http"]) }
        let reference = try folder.write("r.json", #"{"data":"/srv/t","reference":{"tor_geoip":"geoip","delegated":["/a","b"],"libloc":"/l.db"}}"#)
        let r = try ObservatoryConfig.load(path: reference)
        #expect(r.reference.torGeoIP == "geoip")
        #expect(r.reference.delegated == ["/a", "b"])
        #expect(r.resolve(r.reference.torGeoIP!) == "/srv/t/geoip")
        #expect(r.resolve(r.reference.libloc!) == "/l.db")
    }

    @Test func theDocumentedExampleLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try ObservatoryConfig.load(path: root.appendingPathComponent("tocsin.example.json").path)
        #expect(config.webhooks.first?.entities == ["country/KZ"])
        #expect(config.store.retention?.days == 400)
        #expect(config.reference.libloc == "/usr/share/libloc-location/location.db")
        #expect(config.sources.bgp?.speaker?.peers == ["127.0.0.2": 65001])
        #expect(config.sources.bgp?.bmp?.port == 11019)
        #expect(config.sources.bgp?.archives == nil)
        #expect(config.sources.flows?.localPrefixes == ["192.0.2.0/24", "2001:db8::/32"] && config.sources.flows?.sflowPort == 6343)
        #expect(config.sources.probe?.optOut == ["198.51.100.0/24"])
    }

    @Test func aRetentionIsReadInDays() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let config = try ObservatoryConfig.load(path: try folder.write("c.json", #"{"store":{"retention_days":400}}"#))
        #expect(config.store.retention?.days == 400)
        #expect(try ObservatoryConfig.load(path: try folder.write("d.json", "{}")).store.retention == nil, "kept forever unless asked")
    }

    @Test("bad files are refused with the reason", arguments: [
        (#"{"listen":{"prot":9000}}"#, "unknown setting 'listen.prot'"),
        (#"{"listen":{"port":"high"}}"#, "bad value for 'listen.port'"),
        (#"{"tokens":"abc"}"#, "bad value for 'tokens'"),
        (#"{"sources":{"bgp":{"speaker":{"local_asn":1}}}}"#, "unknown setting 'sources.bgp.speaker.local_asn'"),
        (#"{"sources":{"flows":{"netflow":2055}}}"#, "unknown setting 'sources.flows.netflow'"),
        (#"{"sources":{"bgp":{"bmp":{"port":"x"}}}}"#, "bad value for 'sources.bgp.bmp.port'"),
        (#"{"store":{"retention_days":7}}"#, "bad value for 'store.retention_days': a retention of 7 days is too short"),
        (#"{"store":{"retention_days":"long"}}"#, "bad value for 'store.retention_days'"),
        ("[1,2]", "must be a JSON object"),
        ("{", "not valid JSON"),
    ])
    func refuses(text: String, fragment: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("c.json", text)
        #expect {
            try ObservatoryConfig.load(path: path)
        } throws: { error in
            "\(error)".contains(fragment) && "\(error)".contains(path)
        }
        #expect(throws: ConfigError.self) { try ObservatoryConfig.load(path: folder.file("none.json")) }
    }
}
