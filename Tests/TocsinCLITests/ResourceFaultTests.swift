import Foundation
import Testing
import TocsinTestSupport

/// A data folder on a read-only or full file system (a small tmpfs this test mounts itself):
/// a clear error, and a store that stays consistent with everything stored before.
@Suite("Resource faults", .serialized, .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
struct ResourceFaultTests {
    /// Mounts a tmpfs of `size` at a new folder; unmounted by the returned closure.
    func mount(size: String, options: String = "") throws -> (path: String, unmount: () -> Void) {
        let dir = try TemporaryFolder()
        let mounted = try ExternalTool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)" + options, "tmpfs", dir.path], timeout: 10)
        try #require(mounted.status == 0, "mount: \(mounted.stderr)")
        return (dir.path, {
            _ = try? ExternalTool.run("/bin/umount", [dir.path], timeout: 10)
            dir.remove()
        })
    }

    @Test func aReadOnlyDataFolderIsRefusedAtStart() throws {
        let (path, unmount) = try mount(size: "1m", options: ",ro")
        defer { unmount() }
        let work = try TemporaryFolder()
        defer { work.remove() }
        let file = try work.write("kz.csv", CommandLineTests.scenario())
        let result = try TocsinProcess.run(["import", "signals", file, "--data", path], in: work.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("the data folder \(path) is not writable"), "\(result.stderr)")
        let serve = try TocsinProcess.run(["serve", "--data", path, "--port", "0"], in: work.path, timeout: 30)
        #expect(serve.status != 0 && serve.stderr.contains("is not writable"), "\(serve.stderr)")
    }

    @Test func aFullDiskDuringImportKeepsTheStoreConsistent() throws {
        let (path, unmount) = try mount(size: "3m")
        defer { unmount() }
        let work = try TemporaryFolder()
        defer { work.remove() }
        let small = try work.write("kz.csv", CommandLineTests.scenario())
        #expect(try TocsinProcess.run(["import", "signals", small, "--data", path], in: work.path).status == 0)
        // Far more than 3 MB of points: the disk fills during the import.
        var rows = ["time,entity,signal,value"]
        for n in 0..<400 {
            for i in 0..<288 * 3 { rows.append("\(CommandLineTests.start + i * 300),asn/\(64_000 + n),traffic,\(1000 + (i * 7919 + n) % 997)") }
        }
        let big = try work.write("big.csv", rows.joined(separator: "\n") + "\n")
        let full = try TocsinProcess.run(["import", "signals", big, "--data", path], in: work.path, timeout: 120)
        #expect(full.status != 0, "the import cannot fit")
        #expect(full.stderr.lowercased().contains("full") || full.stderr.contains("disk"), "\(full.stderr)")
        if let sqlite = ExternalTool.find("sqlite3") {
            let check = try ExternalTool.run(sqlite, [path + "/tocsin.sqlite", "PRAGMA integrity_check;"], timeout: 30)
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stdout) \(check.stderr)")
        }
        let export = try TocsinProcess.run(["export", "signals", "--data", path, "--entity", "country/KZ"], in: work.path)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.split(separator: "\n").count == 1 + 10 * 288, "the earlier file is all there")
        let networks = try TocsinProcess.run(["export", "signals", "--data", path, "--entity", "asn/64000"], in: work.path)
        #expect(networks.stdout.split(separator: "\n").count <= 1, "the failed file left nothing behind")
    }
}
