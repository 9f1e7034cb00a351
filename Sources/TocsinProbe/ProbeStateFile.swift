import Foundation

/// The tracked blocks and their beliefs, kept in the data folder (`probe-blocks.json`) so a
/// restart resumes where the last round left off. Written whole to a temporary name and
/// renamed, so a crash never leaves half a file.
public enum ProbeStateFile {
    public static func load(_ path: String) throws -> [TrackedBlock] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try JSONDecoder().decode([TrackedBlock].self, from: data)
    }

    public static func save(_ blocks: [TrackedBlock], to path: String) throws {
        let data = try JSONEncoder().encode(blocks)
        try data.write(to: URL(fileURLWithPath: path + ".new"))
        guard rename(path + ".new", path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
