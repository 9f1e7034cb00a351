import Foundation
import Testing
import TocsinGeo
import TocsinTestSupport

/// The IPFire location database read directly, compared with libloc's own `location` tool.
@Suite("IPFire location database", .enabled(if: FileManager.default.fileExists(atPath: LocationDatabase.defaultPath),
                                              "needs Debian's libloc-database"))
struct LocationDatabaseTests {
    @Test func opensAndDescribesItself() throws {
        let db = try LocationDatabase()
        #expect(db.networkCount > 1_000_000)
        #expect(db.asCount > 50_000)
        #expect(db.vendor == "IPFire Project")
        #expect(db.asName(9198) == "JSC Kazakhtelecom")
        #expect(db.asName(29355) == "Kcell JSC")
        #expect(db.countryName("KZ") == "Kazakhstan")
        #expect(db.asName(4_294_967_295) == nil)
        let kz = try #require(db.lookup(IPv4Address(95, 56, 0, 1)))
        #expect(kz.prefix.description == "95.56.0.0/20")
        #expect(kz.network == LocationDatabase.Network(country: "KZ", asn: 9198, flags: []))
        #expect(db.lookup(IPv4Address(1, 1, 1, 1))?.network.flags.contains(.anycast) == true)
    }

    @Test("10,000 routed addresses agree with `location lookup` on network, country and AS",
          .enabled(if: ExternalTool.find("location") != nil, "needs Debian's location"))
    func agreesWithLocationTool() throws {
        let db = try LocationDatabase()
        let geo = { var g = GeoDatabase(); g.libloc = db; return g }()
        let sample = GoldenSample.addresses(from: db, count: 10_000, seed: 2022)
        let run = try ExternalTool.run("location", ["lookup"] + sample.map(\.description), timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        var blocks: [String: [String: String]] = [:]
        var current: String?
        for line in run.stdout.split(separator: "\n") {
            if !line.hasPrefix(" "), line.hasSuffix(":") {
                current = String(line.dropLast())
                blocks[current!] = [:]
            } else if let current, let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                blocks[current]![key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        #expect(blocks.count == Set(sample).count)
        var compared = 0
        for ip in sample {
            let theirs = try #require(blocks[ip.description], "no answer for \(ip)")
            let ours = try geo.lookup(ip)
            #expect(ours.prefix == theirs["Network"], "\(ip)")
            #expect(ours.country.flatMap(db.countryName) == theirs["Country"], "\(ip)")
            let theirAS = theirs["Autonomous System"].flatMap { UInt32($0.dropFirst(2).prefix { $0.isNumber }) }
            #expect(ours.asn == theirAS, "\(ip)")
            compared += 1
        }
        #expect(compared == 10_000)
    }

    @Test func corruptFilesAreRefusedWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = try Data(contentsOf: URL(fileURLWithPath: LocationDatabase.defaultPath))
        func refused(_ bytes: Data, _ fragment: String) throws {
            let path = folder.file("bad.db")
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect {
                try LocationDatabase(path: path)
            } throws: { error in
                let e = error as! ReferenceDataError
                return e.path == path && e.description.contains(fragment)
            }
        }
        try refused(original.prefix(original.count / 2), "past the end of the file")
        try refused(Data("not a database at all".utf8), "LOCDBXX")
        var version = original
        version[7] = 9
        try refused(version, "unsupported libloc format version 9")
        // Point a tree node's child far outside the tree.
        var link = original
        let treeOffset = Int(original[44]) << 24 | Int(original[45]) << 16 | Int(original[46]) << 8 | Int(original[47])
        for k in 0..<4 { link[treeOffset + 12 * 5 + k] = 0xFF }
        try refused(link, "links outside the tree")
        #expect(throws: ReferenceDataError.self) { try LocationDatabase(path: folder.file("missing.db")) }
    }

    @Test func tablesFromTheDatabaseAgreeWithItsTree() throws {
        let db = try LocationDatabase()
        let v4 = db.ipv4Table()
        let v6 = db.ipv6Table()
        #expect(v4.count + v6.count == db.networkCount)
        for ip in GoldenSample.addresses(from: db, count: 5000, seed: 9) {
            switch ip {
            case .v4(let a):
                let tree = db.lookup(a)
                let table = v4.lookup(a.value)
                #expect(table?.prefix == tree?.prefix)
                #expect(table?.payload == tree?.network)
            case .v6(let a):
                let tree = db.lookup(a.value)
                let table = v6.lookup(a.value)
                #expect(table?.prefix.length == tree?.length)
                #expect(table?.payload == tree?.network)
            }
        }
    }
}
