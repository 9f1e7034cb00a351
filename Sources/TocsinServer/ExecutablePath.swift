import Foundation

/// Finds an outside program (a renderer) on `PATH`.
enum ExecutablePath {
    /// The first of `names` found executable in a `PATH` folder, as a full path.
    static func find(_ names: String...) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in names where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }
}
