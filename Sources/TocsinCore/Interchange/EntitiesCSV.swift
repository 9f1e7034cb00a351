/// The Entities CSV interchange format: header `entity,name,country,access`.
///
/// `country` may be empty (taken from the entity id where it has one); `access` is one of
/// mobile, fixed, mixed, transit, content, unknown, or empty for unknown.
public enum EntitiesCSV {
    public static let header = "entity,name,country,access"

    public static func line(_ entity: Entity) -> String {
        [entity.id.rawValue, entity.name, entity.country, entity.access.rawValue].map(CSVRecord.escape).joined(separator: ",")
    }

    public static func format(_ entities: [Entity]) -> String {
        ([header] + entities.map(line)).joined(separator: "\n") + "\n"
    }

    /// Parses a whole document; every bad line is reported with its number and reason.
    public static func parse(_ text: String, source: String = "<input>") -> (entities: [Entity], errors: [InterchangeError]) {
        var entities: [Entity] = []
        var errors: [InterchangeError] = []
        var headerSeen = false
        var splitter = LineSplitter()
        func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) {
            func fail(_ reason: String) { errors.append(InterchangeError(source: source, line: number, reason: reason)) }
            var bytes = line
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes[3...]) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let fields: [String]
            switch CSVRecord.fields(bytes) {
            case .success(let f): fields = f
            case .failure(let e): return fail(e.description)
            }
            guard headerSeen else {
                if fields.map({ $0.trimmingSpaces() }) == header.split(separator: ",").map(String.init) {
                    headerSeen = true
                } else {
                    fail("expected the header '\(header)' before any row")
                }
                return
            }
            guard fields.count == 4 else { return fail("expected 4 fields (entity,name,country,access), found \(fields.count)") }
            let id: EntityID
            do { id = try EntityID(fields[0].trimmingSpaces()) } catch { return fail("\(error)") }
            let country = fields[2].trimmingSpaces()
            if !country.isEmpty {
                guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                    return fail("country must be two upper-case letters (ISO 3166-1 alpha-2) or empty, got '\(country)'")
                }
                if let own = id.country, own != country {
                    return fail("country '\(country)' contradicts the entity id \(id)")
                }
            }
            let accessText = fields[3].trimmingSpaces()
            guard let access = accessText.isEmpty ? .unknown : AccessType(rawValue: accessText) else {
                return fail("access must be one of \(AccessType.allCases.map(\.rawValue).joined(separator: ", ")) or empty, got '\(accessText)'")
            }
            entities.append(Entity(id: id, name: fields[1], country: country.isEmpty ? nil : country, access: access))
        }
        splitter.feed(Array(text.utf8), handle)
        splitter.finish(handle)
        if !headerSeen, errors.isEmpty {
            errors.append(InterchangeError(source: source, line: max(splitter.lineNumber, 1), reason: "no header: expected '\(header)'"))
        }
        return (entities, errors)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
