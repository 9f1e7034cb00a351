import Foundation
import Testing
import TocsinGeo
import TocsinTestSupport

/// GeoLite2 City 2019 (CC BY-SA 4.0, MaxMind; Tests/Data/geolite2-city-2019) read directly
/// and compared with libmaxminddb's `mmdblookup`.
@Suite("MaxMind DB")
struct MaxMindDatabaseTests {
    /// The GeoLite2 City file of Tests/Data.
    static func path() throws -> String { try TestData.path("geolite2-city-2019/GeoLite2-City.mmdb") }

    @Test func opensAndLooksUp() throws {
        let db = try MaxMindDatabase(path: Self.path())
        #expect(db.databaseType == "GeoLite2-City")
        #expect(db.ipVersion == 6)
        #expect(db.buildEpoch == 1_577_209_301)
        let (length, record) = try #require(try db.lookup(IPAddress("95.56.0.1")!))
        #expect(length == 20)
        #expect(record["country"]?["iso_code"]?.string == "KZ")
        #expect(record["subdivisions"]?[0]?["iso_code"]?.string == "ALA")
        #expect(record["city"]?["names"]?["en"]?.string == "Almaty")
        #expect(try db.lookup(IPAddress("::ffff:95.56.0.1")!)?.value == record, "IPv4-mapped goes to the IPv4 subtree")
        #expect(try db.lookup(IPAddress("127.0.0.1")!) == nil)
    }

    /// country.iso_code and subdivisions[0].iso_code from mmdblookup's printout of a record:
    /// keys end with `": `, each value is on the line after its key, and top-level keys are
    /// indented by four spaces.
    static func parse(_ text: String) -> (country: String?, subdivision: String?) {
        var country: String?, subdivision: String?
        var section = "", lastKey = ""
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("\""), line.hasSuffix(":") {
                let key = String(line.dropFirst().prefix { $0 != "\"" })
                if raw.hasPrefix("    \"") { section = key }
                lastKey = key
                continue
            }
            if lastKey == "iso_code", line.hasSuffix("<utf8_string>") {
                let value = String(line.dropFirst().prefix { $0 != "\"" })
                if section == "country", country == nil { country = value }
                if section == "subdivisions", subdivision == nil { subdivision = value }
            }
            lastKey = ""
        }
        return (country, subdivision)
    }

    @Test("10,000 routed addresses agree with mmdblookup on country and subdivision",
          .enabled(if: ExternalTool.find("mmdblookup") != nil && FileManager.default.fileExists(atPath: LocationDatabase.defaultPath),
                   "needs Debian's mmdb-bin and libloc-database"))
    func agreesWithMmdblookup() async throws {
        let db = try MaxMindDatabase(path: Self.path())
        let sample = GoldenSample.addresses(from: try LocationDatabase(), count: 10_000, seed: 2019)
        let path = try Self.path()
        let answers = try await withThrowingTaskGroup(of: [(IPAddress, String?, String?, Bool)].self) { group in
            for slice in 0..<4 {
                group.addTask {
                    var out: [(IPAddress, String?, String?, Bool)] = []
                    for ip in sample[(slice * 2500)..<((slice + 1) * 2500)] {
                        let run = try ExternalTool.run("mmdblookup", ["-f", path, "-i", ip.description], timeout: 30)
                        let (c, s) = Self.parse(run.stdout)
                        out.append((ip, c, s, (run.stdout + run.stderr).contains("Could not find an entry")))
                    }
                    return out
                }
            }
            var all: [(IPAddress, String?, String?, Bool)] = []
            for try await part in group { all += part }
            return all
        }
        #expect(answers.count == 10_000)
        var withData = 0
        for (ip, country, subdivision, missing) in answers {
            let ours = try db.lookup(ip)
            #expect((ours == nil) == missing, "\(ip)")
            guard let record = ours?.value else { continue }
            withData += 1
            #expect(record["country"]?["iso_code"]?.string == country, "\(ip)")
            #expect(record["subdivisions"]?[0]?["iso_code"]?.string == subdivision, "\(ip)")
        }
        #expect(withData > 5000)
    }

    @Test func corruptFilesAreRefusedWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.path()))
        func refused(_ bytes: Data, _ fragment: String) throws {
            let path = folder.file("bad.mmdb")
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect {
                try MaxMindDatabase(path: path)
            } throws: { error in
                (error as? ReferenceDataError)?.description.contains(fragment) == true
            }
        }
        try refused(original.prefix(original.count / 2), "no metadata marker")
        try refused(original.prefix(1000) + original.suffix(300), "search tree runs past")
        var tree = original
        for k in 0..<7 { tree[7 * 100 + k] = 0xFF }
        try refused(tree, "points outside the data section")
        try refused(Data(), "no metadata marker")
    }
}
