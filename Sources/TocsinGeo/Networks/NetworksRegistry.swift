import TocsinCore

/// Decides, for every AS, its name, country and access type, with the provenance of the label,
/// and so which networks make up `country/XX/mobile` and `country/XX/fixed`.
///
/// Precedence: the operator's own file (Entities CSV rows for `asn/N`), then the curated list
/// shipped with Tocsin, then a guess from the AS name. Names and countries for ASes no file
/// mentions come from the reference data (the location database's AS names, and the country
/// where most of an AS's addresses are). Mixed, transit and content networks belong to
/// neither access group.
public struct NetworksRegistry: Sendable {
    private var byASN: [UInt32: NetworkInfo] = [:]

    /// - Parameters:
    ///   - operatorEntries: the operator's own Entities CSV rows; rows not about an AS are ignored.
    ///   - curated: include the shipped curated list.
    ///   - known: other ASes with a name and country (from reference data), labelled by the
    ///     name heuristic where it recognises the name, else `unknown`.
    public init(operatorEntries: [Entity] = [], curated: Bool = true, known: [(asn: UInt32, name: String, country: String)] = []) {
        for k in known { byASN[k.asn] = labelled(asn: k.asn, name: k.name, country: k.country) }
        if curated {
            for info in Self.curatedList() { byASN[info.asn] = info }
        }
        for entity in operatorEntries {
            guard case .asn(let n) = entity.id.kind else { continue }
            byASN[n] = NetworkInfo(asn: n, name: entity.name, country: entity.country, access: entity.access, provenance: .operatorConfig)
        }
    }

    public func network(_ asn: UInt32) -> NetworkInfo? { byASN[asn] }

    /// Every AS the registry has a label for.
    public var allNetworks: Dictionary<UInt32, NetworkInfo>.Values { byASN.values }

    /// An AS no file mentions, labelled by the name heuristic where it recognises the name.
    public func labelled(asn: UInt32, name: String?, country: String) -> NetworkInfo {
        let guess = name.flatMap(Self.guess)
        return NetworkInfo(asn: asn, name: name ?? "", country: country, access: guess?.0 ?? .unknown,
                           provenance: guess == nil ? .none : .nameHeuristic, source: guess?.1)
    }

    /// The networks of a country, by AS number.
    public func networks(country: String) -> [NetworkInfo] {
        byASN.values.filter { $0.country == country }.sorted { $0.asn < $1.asn }
    }

    /// The ASes that make up `country/XX/mobile` or `country/XX/fixed`.
    public func members(of group: AccessGroup, country: String) -> [UInt32] {
        let access: AccessType = group == .mobile ? .mobile : .fixed
        return networks(country: country).filter { $0.access == access }.map(\.asn)
    }

    /// The shipped curated list, parsed.
    public static func curatedList() -> [NetworkInfo] {
        var list: [NetworkInfo] = []
        for line in CuratedNetworks.csv.split(separator: "\n").dropFirst() {
            guard case .success(let f) = CSVRecord.fields(String(line)), f.count == 5,
                  let asn = UInt32(f[0]), let access = AccessType(rawValue: f[3])
            else { continue }
            list.append(NetworkInfo(asn: asn, name: f[1], country: f[2], access: access, provenance: .curated, source: f[4]))
        }
        return list
    }

    /// Words in AS names that suggest a mobile network. Marked as a guess wherever used.
    static let mobileWords = ["mobile", "cellular", "gsm", "lte", "wireless", "telecel", "mobitel", "4g", "5g", "3g", "umts"]

    static func guess(name: String) -> (AccessType, String)? {
        let words = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let hit = words.first(where: mobileWords.contains) else { return nil }
        return (.mobile, "AS name contains '\(hit)'")
    }
}
