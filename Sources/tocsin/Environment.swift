import Foundation

/// Reads the process environment.
enum Environment {
    static var all: [String: String] { ProcessInfo.processInfo.environment }

    static func value(_ name: String) -> String? {
        guard let v = all[name], !v.isEmpty else { return nil }
        return v
    }
}
