import Foundation

/// A language the pages and alert sentences are written in, chosen per request by `?lang=`
/// or else the first supported language of `Accept-Language` (RFC 9110 §12.5.4, by weight).
public enum Language: String, Sendable, Hashable, CaseIterable {
    case english = "en"
    case french = "fr"
    case russian = "ru"

    /// `?lang=` wins; then `Accept-Language`; English otherwise.
    public static func chosen(query: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(tag: query) { return language }
        guard let acceptLanguage else { return .english }
        let ranges = acceptLanguage.split(separator: ",").enumerated().compactMap { index, item -> (Language, Double, Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first, let language = Language(tag: tag) else { return nil }
            // No weight is 1; a weight that is not a number from 0 to 1 drops the range.
            var weight = 1.0
            if let q = parts.dropFirst().first(where: { $0.hasPrefix("q=") }) {
                guard let w = Double(q.dropFirst(2)), (0...1).contains(w) else { return nil }
                weight = w
            }
            return weight > 0 ? (language, weight, index) : nil
        }
        return ranges.max { ($0.1, -$0.2) < ($1.1, -$1.2) }?.0 ?? .english
    }

    /// `fr`, `fr-CA`, `FR` → French.
    init?(tag: some StringProtocol) {
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
        self.init(rawValue: primary)
    }
}
