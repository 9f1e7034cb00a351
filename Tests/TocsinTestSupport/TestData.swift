import Foundation

/// The real data files the tests read (MRT dumps, flow captures and exports, a MaxMind
/// database, RIR delegation files...), shipped with the repository in `Tests/Data`; its
/// README.md gives each folder's origin and licence. Found from this source file's place.
public enum TestData {
    /// A file or folder of `Tests/Data` that is not there.
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path) is missing: the test data ships with the repository in Tests/Data (see its README.md)" }
    }

    /// The absolute path of `Tests/Data`.
    public static let folder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/TocsinTestSupport
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Data").path

    /// The absolute path of a file or folder given relative to `Tests/Data`
    /// (`"mrt/ryu/updates.20161101.0000.bz2"`); throws `Missing` if it is not there.
    public static func path(_ relative: String) throws -> String {
        let path = "\(folder)/\(relative)"
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        return path
    }

    /// The names in a folder of `Tests/Data`, sorted; throws if the folder is not there.
    public static func contents(of relative: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(relative)).sorted()
    }
}
