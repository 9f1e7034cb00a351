import Foundation
import Testing
import TocsinBGP
import TocsinCore
import TocsinTestSupport

/// Bad and awkward input: truncation, corruption, odd framing, concatenated archives.
@Suite("MRT robustness")
struct MRTRobustnessTests {
    static func plain(_ relative: String, in folder: TemporaryFolder) throws -> String {
        let source = try TestData.path(relative)
        let out = folder.file((relative as NSString).lastPathComponent.replacingOccurrences(of: ".gz", with: ""))
        let r = try ExternalTool.run("sh", ["-c", "gzip -dc '\(source)' > '\(out)'"])
        #expect(r.status == 0)
        return out
    }

    static func dump(_ paths: [String]) -> (String, MRTDump.Summary) {
        var bytes: [UInt8] = []
        let summary = MRTDump().run(paths: paths) { bytes += $0 }
        return (String(decoding: bytes, as: UTF8.self), summary)
    }

    @Test("a file cut anywhere: the records before it, then a framing error at its offset; as bgpdump")
    func truncation() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = try Self.plain("bgpdump-testdata/test_data/updates.20160811.1600.gz", in: folder)
        let data = try Data(contentsOf: URL(fileURLWithPath: whole))
        var rng = SplitMix64(seed: 7)
        for _ in 0..<8 {
            let cut = Int(rng.next() % UInt64(min(data.count, 400_000)))
            let path = folder.file("cut-\(cut).mrt")
            try data.prefix(cut).write(to: URL(fileURLWithPath: path))
            let (ours, summary) = Self.dump([path])
            let reference = try ExternalTool.run("bgpdump", ["-q", "-m", path])
            #expect(ours == reference.stdout, "cut at \(cut)")
            if let error = summary.errors.last {
                #expect(error.kind == .framing)
                #expect(error.offset <= Int64(cut) && error.offset > Int64(cut) - 70_000)
            }
        }
    }

    @Test("random damage inside records never crashes and is counted")
    func mutations() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for relative in ["bgpdump-testdata/test_data/updates.20160811.1600.gz", "bgpdump-testdata/test_data/bview.ipv6_unicast_add_path.gz",
                         "bgpdump-testdata/test_data/bview.20020722.2337.gz"] {
            let path = try Self.plain(relative, in: folder)
            let reader = try MRTReader(path: path)
            var records: [(MRTHeader, [UInt8])] = []
            while records.count < 300, let header = try reader.next() {
                records.append((header, try reader.withBody { Array($0) }))
            }
            var rng = SplitMix64(seed: 42)
            var decoder = MRTDecoder(path: path)
            var formatter = BGPDumpFormatter()
            var out = TextBuffer()
            var failed = 0, withIssues = 0
            for round in 0..<3_000 {
                var (header, body) = records[round % records.count]
                for _ in 0..<(1 + Int(rng.next() % 4)) where !body.isEmpty {
                    body[Int(rng.next() % UInt64(body.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
                if rng.next() % 4 == 0 { body = Array(body.prefix(Int(rng.next() % UInt64(body.count + 1)))) }
                header.length = UInt32(body.count)
                let decoded = body.withUnsafeBytes { bytes in Result { () throws(MRTError) in try decoder.decode(header, bytes) } }
                switch decoded {
                case .success(let message):
                    if message.hasIssues { withIssues += 1 }
                    formatter.write(header, message, peerTable: decoder.peerTable, into: &out)
                    out.removeAll()
                case .failure(let error):
                    #expect(error.kind == .record)
                    failed += 1
                }
            }
            #expect(failed + withIssues > 0, "\(relative): damage went unnoticed")
        }
    }

    @Test("a zero-length record ends the file with an error naming its offset")
    func zeroLength() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try Self.plain("bgpdump-testdata/test_data/updates.20160811.1600.gz", in: folder)
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let firstLength = Int(data[8]) << 24 | Int(data[9]) << 16 | Int(data[10]) << 8 | Int(data[11])
        let first = data.prefix(12 + firstLength)
        var bad = first
        bad += Data([0x57, 0xAC, 0x2E, 0x00, 0, 16, 0, 4, 0, 0, 0, 0])  // BGP4MP, length 0
        bad += first
        let path = folder.file("zero.mrt")
        try bad.write(to: URL(fileURLWithPath: path))
        let (ours, summary) = Self.dump([path])
        #expect(summary.errors.count == 1)
        #expect(summary.errors.first?.offset == Int64(first.count))
        #expect(summary.errors.first?.reason.contains("length: 0") == true)
        #expect(ours == (try ExternalTool.run("bgpdump", ["-q", "-m", path])).stdout)
    }

    @Test("concatenated gzip members are all read, as bgpdump reads them; every bzip2 stream too")
    func concatenatedArchives() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = try TestData.path("bgpdump-testdata/test_data/updates.20020722.2238.gz")
        let b = try TestData.path("bgpdump-testdata/test_data/bview.64k_stream_overflow.gz")
        let joined = folder.file("joined.gz")
        _ = try ExternalTool.run("sh", ["-c", "cat '\(a)' '\(b)' > '\(joined)'"])
        let (ours, summary) = Self.dump([joined])
        #expect(summary.errors.isEmpty)
        #expect(ours == Self.dump([a]).0 + Self.dump([b]).0)
        #expect(ours == (try ExternalTool.run("bgpdump", ["-q", "-m", joined])).stdout)

        let plainA = try Self.plain("bgpdump-testdata/test_data/updates.20020722.2238.gz", in: folder)
        let plainB = try Self.plain("bgpdump-testdata/test_data/bview.64k_stream_overflow.gz", in: folder)
        let bz = folder.file("joined.mrt.bz2")
        _ = try ExternalTool.run("sh", ["-c", "(bzip2 -c '\(plainA)'; bzip2 -c '\(plainB)') > '\(bz)'"])
        let (oursBZ, summaryBZ) = Self.dump([bz])
        #expect(summaryBZ.errors.isEmpty)
        #expect(oursBZ == ours)
        // bgpdump stops after the first bzip2 stream (documented difference).
        #expect((try ExternalTool.run("bgpdump", ["-q", "-m", bz])).stdout == Self.dump([a]).0)
    }

    @Test("corrupt or truncated compressed data is a framing error, never a crash")
    func corruptCompression() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try TestData.path("bgpdump-testdata/test_data/updates.20070211.0141.gz")
        var data = try Data(contentsOf: URL(fileURLWithPath: source))
        let truncated = folder.file("truncated.gz")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        let (partial, s1) = Self.dump([truncated])
        #expect(!partial.isEmpty)
        #expect(s1.errors.last?.kind == .framing)
        #expect(s1.errors.last?.reason.contains("truncated gzip") == true)
        for i in stride(from: 2_000, to: 40_000, by: 997) { data[i] ^= 0x5A }
        let corrupt = folder.file("corrupt.gz")
        try data.write(to: URL(fileURLWithPath: corrupt))
        let (_, s2) = Self.dump([corrupt])
        #expect(s2.errors.contains { $0.kind == .framing })
        let missing = Self.dump([folder.file("absent.mrt")]).1
        #expect(missing.errors.first?.reason.contains("cannot open") == true)
    }
}
