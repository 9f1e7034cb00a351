import Foundation
import Hummingbird
import TocsinCore
import TocsinStore

/// The parts of IODA's v2 API that tools read most, answered from Tocsin's store with IODA's
/// envelope (`type, metadata, requestParameters, error, perf, data, copyright`), so scripts
/// written for IODA can point at a Tocsin instance:
///
/// - `GET /v2/signals/raw/{entityType}/{entityCode}?from&until[&datasource][&maxPoints]`
/// - `GET /v2/entities/query[?entityType][&entityCode=a,b][&relatedTo=country/KZ][&search][&limit][&page]`
///
/// Tocsin's signals appear under IODA's datasource names where one exists (`bgp`,
/// `ping-slash24` for probing, `merit-nt` for the telescope), and under their own names
/// otherwise. Regions use ISO 3166-2 codes, not IODA's numeric region ids.
struct IODACompatibleRoutes: Sendable {
    let store: any SignalStore

    func register(on router: Router<BasicRequestContext>) {
        router.get("/v2/signals/raw/:entityType/:entityCode") { request, context in
            try await signals(request, type: context.parameters.get("entityType") ?? "", code: context.parameters.get("entityCode") ?? "")
        }
        router.get("/v2/entities/query") { request, _ in try await entities(request) }
        registerOutages(on: router)
    }

    static func datasource(_ signal: SignalName) -> String {
        switch signal.rawValue {
        case "probing": "ping-slash24"
        case "telescope": "merit-nt"
        default: signal.rawValue
        }
    }

    static func entity(type: String, code: String) -> EntityID? {
        switch type {
        case "country": try? EntityID("country/\(code.uppercased())")
        case "region": try? EntityID("region/\(code.uppercased())")
        case "asn": try? EntityID("asn/\(code)")
        default: nil
        }
    }

    /// IODA's envelope around `data`.
    func envelope(_ type: String, _ parameters: [String: String], data: Any, error: String? = nil, started: Date) -> Response {
        let object: [String: Any] = [
            "type": type,
            "metadata": ["requestTime": ISO8601DateFormatter().string(from: started), "responseTime": ISO8601DateFormatter().string(from: Date())],
            "requestParameters": parameters,
            "error": error ?? NSNull(),
            "perf": NSNull(),
            "data": data,
            "copyright": "Tocsin, an open Internet shutdown observatory",
        ]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: error == nil ? .ok : .badRequest, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    func signals(_ request: Request, type: String, code: String) async throws -> Response {
        let started = Date()
        let q = request.uri.queryParameters
        var params = ["entityType": type, "entityCode": code]
        for key in ["from", "until", "datasource", "maxPoints"] { if let v = q.get(key) { params[key] = v } }
        guard let entity = Self.entity(type: type, code: code) else {
            return envelope("signals", params, data: [], error: "unknown entity \(type)/\(code)", started: started)
        }
        // UTCTime accepts at most 18 digits, so none of the arithmetic below can overflow.
        guard let from = q.get("from").flatMap(UTCTime.parse), let until = q.get("until").flatMap(UTCTime.parse), from < until,
              until - from <= APIRoutes.maxRange
        else {
            return envelope("signals", params, data: [], error: "from and until (Unix seconds, at most 366 days apart) are required", started: started)
        }
        let maxPoints = q.get("maxPoints").flatMap { Int($0) }.map { min(max(1, $0), 1_000_000) }
        let names = try await store.entities()
        let name = names.first { $0.id == entity }.map(\.name) ?? entity.rawValue
        var series: [[String: Any]] = []
        for key in try await store.seriesKeys(entity: entity) where key.signal.family != .activity {
            let datasource = Self.datasource(key.signal)
            if let wanted = q.get("datasource"), wanted != datasource { continue }
            let grid = BinAverages(try await store.series(key, from: from, until: until), from: from, until: until, maxPoints: maxPoints)
            let out: [Any] = grid.values.map { $0.map { $0 as Any } ?? NSNull() }
            series.append(["entityType": type, "entityCode": code, "entityName": name, "entityFqid": entity.rawValue,
                           "datasource": datasource, "subtype": "", "from": grid.start, "until": grid.end,
                           "step": grid.step, "nativeStep": TimeBin.seconds, "values": out])
        }
        return envelope("signals", params, data: [series], started: started)
    }

    func entities(_ request: Request) async throws -> Response {
        let started = Date()
        let q = request.uri.queryParameters
        var params: [String: String] = [:]
        for key in ["entityType", "entityCode", "relatedTo", "search", "limit", "page"] { if let v = q.get(key) { params[key] = v } }
        var list = try await store.entities()
        if let type = q.get("entityType") { list = list.filter { Self.type(of: $0.id) == type } }
        if let codes = q.get("entityCode") {
            let wanted = Set(codes.split(separator: ",").map { $0.uppercased() })
            list = list.filter { wanted.contains(Self.code(of: $0.id).uppercased()) }
        }
        if let related = q.get("relatedTo") {
            let country = related.hasPrefix("country/") ? String(related.dropFirst(8)).uppercased() : ""
            list = list.filter { $0.country == country && $0.id.rawValue != "country/\(country)" }
        }
        if let search = q.get("search")?.lowercased() { list = list.filter { $0.name.lowercased().contains(search) || $0.id.rawValue.contains(search) } }
        let limit = min(max(q.get("limit").flatMap { Int($0) } ?? 1000, 1), 10_000)
        let page = min(max(q.get("page").flatMap { Int($0) } ?? 1, 1), list.count / limit + 1)
        let slice = list.dropFirst((page - 1) * limit).prefix(limit)
        return envelope("entity", params, data: slice.compactMap(Self.entityObject), started: started)
    }

    /// An entity as IODA describes one (`code, name, type, subnames, attrs`); nil for the
    /// access groups, which IODA has no type for.
    static func entityObject(_ e: Entity) -> [String: Any]? {
        guard let type = type(of: e.id) else { return nil }
        return ["code": code(of: e.id), "name": e.name, "type": type, "subnames": [String](),
                "attrs": ["country_code": e.country, "access": e.access.rawValue, "fqid": e.id.rawValue]]
    }

    static func type(of id: EntityID) -> String? {
        switch id.kind {
        case .country: "country"
        case .region: "region"
        case .asn: "asn"
        case .accessGroup: nil
        }
    }

    static func code(of id: EntityID) -> String {
        switch id.kind {
        case .country(let c): c
        case .region(_, let code): code
        case .asn(let n): String(n)
        case .accessGroup(let c, let g): "\(c)/\(g.rawValue)"
        }
    }
}
