import Foundation

/// The text of the pages and alert sentences in one language, from the catalogue files in
/// `Dashboard/Text` (`en.json`, `fr.json`, `ru.json`: flat `"key": "text"` objects a
/// translator edits; `{name}` marks a value filled in). A key missing from a language falls
/// back to English, and a key missing from English shows as itself, so a gap is visible but
/// never breaks a page.
public struct Catalogue: Sendable {
    public let language: Language
    private let texts: [String: String]
    private let fallback: [String: String]

    public static let english = Catalogue(.english)

    public init(_ language: Language) {
        self.language = language
        texts = Self.tables[language] ?? [:]
        fallback = Self.tables[.english] ?? [:]
    }

    /// The text for `key` with each `{name}` replaced by `values[name]`, in one pass (a value
    /// that itself holds `{…}` is left as it is).
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        let template = texts[key] ?? fallback[key] ?? key
        guard !values.isEmpty else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    public subscript(_ key: String) -> String { text(key) }

    /// The decoded catalogue files; a file that does not parse counts as empty (and the test
    /// suite checks that each parses and has every English key).
    static let tables: [Language: [String: String]] = {
        let files: [(Language, [UInt8])] = [(.english, PackageResources.en_json), (.french, PackageResources.fr_json),
                                            (.russian, PackageResources.ru_json)]
        return Dictionary(uniqueKeysWithValues: files.map { language, bytes in
            (language, (try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:])
        })
    }()

    /// The keys of one language's file, for checks.
    static func keys(of language: Language) -> Set<String> { Set(tables[language].map { Array($0.keys) } ?? []) }
}
