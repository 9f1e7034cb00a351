import Foundation
import Testing
import TocsinCore
import TocsinStore
import TocsinTestSupport
@testable import TocsinServer

/// Evidence bundles: made from a Kazakhstan-like blackout, checked by openssl, sha256sum and
/// `BundleVerifier`, refused when anything changed, and reproducible.
@Suite("Evidence bundles", .serialized)
struct EvidenceBundleTests {
    static let start: Int64 = 1_638_316_800  // 2021-12-01
    static let days = 36
    /// 2022-01-05 10:30 UTC: probing and traffic fall to a few percent; BGP barely moves.
    static let blackout: Int64 = 1_641_378_600

    /// Five weeks of national signals with a daily cycle and noise, then the blackout.
    static func kazakhstanLike(_ store: SQLiteSignalStore) async throws {
        let kz = try EntityID("country/KZ")
        var rng = SplitMix64(seed: 5)
        var points: [SignalPoint] = []
        for i in 0..<(days * 288) {
            let t = start + Int64(i) * 300
            let day = sin(Double(t % 86_400) / 86_400 * 2 * .pi)
            let down = (blackout..<(blackout + 6 * 3600)).contains(t)
            let noise = { (scale: Double) in 1 + scale * (Double(rng.next() % 2001) / 1000 - 1) }
            points.append(SignalPoint(entity: kz, signal: .bgp, time: t, value: (down ? 2_850 : 3_000) + Double(rng.next() % 5)))
            points.append(SignalPoint(entity: kz, signal: .probing, time: t, value: ((down ? 0.03 : 1) * 5_000 * (1 + 0.05 * day) * noise(0.02)).rounded()))
            points.append(SignalPoint(entity: kz, signal: .traffic, time: t, value: ((down ? 0.05 : 1) * 80_000 * (1 + 0.4 * day) * noise(0.05)).rounded()))
        }
        try await store.upsert(points: points)
        try await store.upsert(entities: [Entity(id: kz, name: "Kazakhstan")])
        _ = try await StoreDetection().run(on: store)
    }

    static func nationalEvent(_ store: SQLiteSignalStore) async throws -> OutageEvent {
        let events = try await store.events(EventQuery(entity: try EntityID("country/KZ"), limit: 100))
        return try #require(events.first { abs($0.start - blackout) <= 900 }, "the blackout is detected: \(events.map(\.id))")
    }

    /// A store in `folder` holding the Kazakhstan-like scenario, and its national event.
    static func seeded(_ folder: TemporaryFolder) async throws -> (SQLiteSignalStore, OutageEvent) {
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        try await kazakhstanLike(store)
        return (store, try await nationalEvent(store))
    }

    func openssl(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let program = try #require(ExternalTool.find("openssl"), "openssl (Debian openssl) is installed by the test command")
        return try ExternalTool.run(program, args, timeout: 30)
    }

    @Test func aBundleVerifiesWithOpensslAndTocsinAndRefusesEveryChange() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (store, event) = try await Self.seeded(folder)
        var config = ObservatoryConfig()
        config.data = folder.path
        let key = try ObservatoryKey.loadOrCreate(at: folder.file(ObservatoryKey.fileName))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file(ObservatoryKey.fileName))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try ObservatoryKey.load(path: folder.file(ObservatoryKey.fileName)).fingerprint == key.fingerprint, "the key reads back")

        let bundle = try await EvidenceBundle.make(eventID: event.id, store: store, config: config, key: key)
        let dir = folder.file("bundle")
        try bundle.write(to: dir)
        let pem = try folder.write("key.pem", key.publicKeyPEM)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(names.isSuperset(of: ["event.json", "signals.csv", "expected.csv", "chart.svg", "method.json", "reference.json",
                                      "sources.json", "report.html", "SHA256SUMS", "manifest.json", "manifest.sig"]))

        // Stock tools.
        let verified = try openssl(["pkeyutl", "-verify", "-pubin", "-inkey", pem, "-rawin", "-in", dir + "/manifest.json", "-sigfile", dir + "/manifest.sig"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let sums = try ExternalTool.run("/bin/sh", ["-c", "cd '\(dir)' && sha256sum -c SHA256SUMS"], timeout: 30)
        #expect(sums.status == 0, "\(sums.stderr)")
        // openssl reads the private key file too: the same public key.
        let derived = try openssl(["pkey", "-in", folder.file(ObservatoryKey.fileName), "-pubout"])
        #expect(derived.stdout == key.publicKeyPEM)

        let ok = try BundleVerifier.verify(folder: dir, publicKey: key.publicKey)
        #expect(ok.event == event.id && ok.fingerprint == bundle.fingerprint)

        // Every kind of change is refused, naming the file.
        func refused(_ change: (String) throws -> Void, key other: ObservatoryKey? = nil, names file: String) throws {
            let copy = folder.file("copy-\(UUID().uuidString)")
            try FileManager.default.copyItem(atPath: dir, toPath: copy)
            try change(copy)
            #expect(throws: EvidenceError.self) { try BundleVerifier.verify(folder: copy, publicKey: (other ?? key).publicKey) }
            do { _ = try BundleVerifier.verify(folder: copy, publicKey: (other ?? key).publicKey) } catch let error as EvidenceError {
                #expect("\(error)".hasPrefix(file + ":"), "\(error)")
            }
        }
        try refused({ copy in
            let path = copy + "/signals.csv"
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            data[data.count / 2] ^= 0x01
            try data.write(to: URL(fileURLWithPath: path))
        }, names: "signals.csv")
        try refused({ try FileManager.default.removeItem(atPath: $0 + "/chart.svg") }, names: "chart.svg")
        try refused({ try Data("x".utf8).write(to: URL(fileURLWithPath: $0 + "/extra.txt")) }, names: "extra.txt")
        try refused({ copy in
            let path = copy + "/manifest.json"
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"created\" : \"", with: "\"created\" : \"1")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }, names: "manifest.json")
        try refused({ _ in }, key: ObservatoryKey(), names: "manifest.json")
    }

    @Test func bundlesAreReproducibleAndTheirDataRedetects() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (store, event) = try await Self.seeded(folder)
        let key = ObservatoryKey()
        let a = try await EvidenceBundle.make(eventID: event.id, store: store, config: ObservatoryConfig(), key: key, created: Date(timeIntervalSince1970: 1))
        let b = try await EvidenceBundle.make(eventID: event.id, store: store, config: ObservatoryConfig(), key: key, created: Date(timeIntervalSince1970: 2))
        #expect(a.files.map(\.name) == b.files.map(\.name))
        for (x, y) in zip(a.files, b.files) where x.name != EvidenceBundle.manifestName && x.name != EvidenceBundle.signatureName {
            #expect(x.bytes == y.bytes, "\(x.name) is the same bytes")
        }
        #expect(a.fingerprint != b.fingerprint, "the creation time is in the manifest")

        // The bundle's points alone, in an empty store, give the same event back.
        let csv = try #require(a.files.first { $0.name == "signals.csv" }).bytes
        let parsed = SignalsCSV.parse(String(decoding: csv, as: UTF8.self), source: "signals.csv")
        #expect(parsed.errors.isEmpty)
        let fresh = try SQLiteSignalStore(path: folder.file("fresh.sqlite"))
        try await fresh.upsert(points: parsed.points)
        _ = try await StoreDetection().run(on: fresh)
        let again = try await Self.nationalEvent(fresh)
        #expect(again.start == event.start && again.end == event.end && again.scope == event.scope)

        // A chart a person can read: write the PNG where it can be looked at.
        if let png = a.files.first(where: { $0.name == "chart.png" }) {
            #expect(png.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            try? png.bytes.write(to: URL(fileURLWithPath: NSTemporaryDirectory() + "/tocsin-evidence-chart.png"))
        }
        let report = String(decoding: try #require(a.files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        #expect(report.contains("openssl pkeyutl -verify") && report.contains(key.fingerprint) && report.contains("<svg"))
    }

    @Test func theKeyIsServedAndTheBundleDownloads() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (store, event) = try await Self.seeded(folder)
        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: store)
        let key = try ObservatoryKey.load(path: folder.file(ObservatoryKey.fileName))
        let served = try await server.request("/.well-known/tocsin/key.pem")
        #expect(served.status == 200 && served.body == key.publicKeyPEM)
        #expect(!(try await server.request("/.well-known/tocsin/\(ObservatoryKey.fileName)").body.contains("PRIVATE")))
        let download = try await server.exchange("/event.bundle?id=\(event.id)")
        #expect(download.status == 200 && download.headers["content-type"] == "application/gzip")
        let archive = folder.file("bundle.tar.gz")
        try download.body.write(to: URL(fileURLWithPath: archive))
        let untar = try ExternalTool.run("/bin/tar", ["-xzf", archive, "-C", folder.path], timeout: 30)
        #expect(untar.status == 0, "\(untar.stderr)")
        let dir = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("tocsin-evidence-") })
        let ok = try BundleVerifier.verify(folder: folder.file(dir), publicKey: key.publicKey)
        #expect(ok.fingerprint == download.headers["x-tocsin-bundle-sha256"])
        #expect(try await server.request("/event.bundle?id=country-KZ-1").status == 404)
        await server.stop()
    }
}
