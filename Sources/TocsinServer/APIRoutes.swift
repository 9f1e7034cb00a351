import Foundation
import Hummingbird
import TocsinCore
import TocsinDetect
import TocsinStore

/// The JSON API: entities, series, events, and the authenticated signal upload.
struct APIRoutes: Sendable {
    let store: any SignalStore & ProbeLog
    let authorization: WriteAuthorization
    /// The longest range one series request may cover.
    static let maxRange: Int64 = 366 * 86_400
    static let maxUpload = 64 << 20

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in JSONResponse.ok(["status": "ok"]) }
        router.get("/openapi.json") { _, _ in JSONResponse.text(OpenAPIDocument.json, contentType: "application/json") }
        router.get("/api/entities") { _, _ in try await entities() }
        router.get("/api/series") { request, _ in try await series(request) }
        router.get("/api/events") { request, _ in try await events(request) }
        router.get("/api/summary") { _, _ in try await summary() }
        router.get("/api/incidents") { request, _ in try await incidents(request) }
        router.get("/api/search") { request, _ in try await search(request) }
        router.get("/api/probing/changes") { request, _ in try await probingChanges(request) }
        router.get("/api/faults") { request, _ in try await faults(request) }
        router.get("/api/events.csv") { request, _ in try await eventTable(request, keepItOn: false) }
        router.get("/api/events.keepiton.csv") { request, _ in try await eventTable(request, keepItOn: true) }
        router.get("/feed.atom") { request, _ in try await feed(country: nil, text: PageContext(request).text) }
        router.get("/feed/:country") { request, context in
            try await feed(country: context.parameters.get("country").map { String($0.prefix { $0 != "." }) }, text: PageContext(request).text)
        }
        router.post("/api/signals") { request, _ in try await upload(request) }
    }

    /// An entity with the signals held for it.
    struct EntityView: Codable {
        var entity: String
        var name: String
        var country: String
        var access: String
        var signals: [String]
    }

    func entities() async throws -> Response {
        let keys = Dictionary(grouping: try await store.seriesKeys(entity: nil), by: \.entity)
        let views = try await store.entities().map { e in
            EntityView(entity: e.id.rawValue, name: e.name, country: e.country, access: e.access.rawValue,
                       signals: (keys[e.id] ?? []).map(\.signal.rawValue).sorted())
        }
        return JSONResponse.ok(views)
    }

    /// One series: `points` as `[time, value]` pairs, value null for "no data"; with
    /// `baseline=true`, `expected` as `[time, expected, band low, band high]` from Tocsin's
    /// detector (computed causally over the five weeks before `from` and the range).
    struct SeriesView: Codable {
        var entity: String
        var signal: String
        var from: Int64
        var until: Int64
        var points: [[Double?]]
        var expected: [[Double]]?
    }

    func series(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        guard let entityText = q.get("entity"), let signalText = q.get("signal") else {
            return JSONResponse.error(.badRequest, "entity and signal are required, e.g. ?entity=country/KZ&signal=bgp")
        }
        let entity: EntityID
        let signal: SignalName
        do { entity = try EntityID(entityText) } catch { return JSONResponse.error(.badRequest, "\(error)") }
        do { signal = try SignalName(signalText) } catch { return JSONResponse.error(.badRequest, "\(error)") }
        let key = SeriesKey(entity: entity, signal: signal)
        let range: (Int64, Int64)
        switch try await timeRange(q, key: key) {
        case .success(let r): range = r
        case .failure(let message): return JSONResponse.error(.badRequest, message)
        }
        let s = try await store.series(key, from: range.0, until: range.1)
        let points: [[Double?]]
        if let text = q.get("maxPoints") {
            guard let n = Int(text), n >= 1 else { return JSONResponse.error(.badRequest, "maxPoints must be a positive whole number") }
            // Averages over whole groups of bins, each point at its group's start.
            let grid = BinAverages(s, from: range.0, until: range.1, maxPoints: min(n, 1_000_000))
            points = grid.values.enumerated().map { [Double(grid.start + Int64($0.offset) * grid.step), $0.element] }
        } else {
            points = zip(s.times, s.values).map { [Double($0), $1] }
        }
        var view = SeriesView(entity: entity.rawValue, signal: signal.rawValue, from: range.0, until: range.1, points: points)
        if q.get("baseline") == "true" {
            let history = try await store.series(key, from: range.0 - PercentOfNormal.history, until: range.1)
            view.expected = SeriesWatcher.expectations(of: history).filter { $0.time >= range.0 }.map { t, e in
                [Double(t), e.expected, e.band.lowerBound, e.band.upperBound]
            }
        }
        return SeriesJSON.response(view)
    }

    private enum RangeResult { case success((Int64, Int64)), failure(String) }

    /// `from`/`until` (Unix seconds or RFC 3339); by default the last 7 days of the series.
    private func timeRange(_ q: Parameters, key: SeriesKey) async throws -> RangeResult {
        var from: Int64?
        var until: Int64?
        for (name, slot) in [("from", 0), ("until", 1)] {
            guard let text = q.get(name) else { continue }
            guard let t = UTCTime.parse(text) else { return .failure("\(name) must be Unix seconds or RFC 3339, got '\(text)'") }
            if slot == 0 { from = t } else { until = t }
        }
        if until == nil {
            let last = try await store.timeRange(key)?.upperBound
            until = from.map { $0 + 7 * 86_400 } ?? (last.map { $0 + TimeBin.seconds } ?? 0)
        }
        let end = until!
        let start = from ?? end - 7 * 86_400
        guard start < end else { return .failure("from must be before until") }
        guard end - start <= Self.maxRange else { return .failure("a range may cover at most 366 days") }
        return .success((start, end))
    }

    func events(_ request: Request) async throws -> Response {
        switch Self.eventQuery(request.uri.queryParameters) {
        case .failure(let message): return JSONResponse.error(.badRequest, message)
        case .success(let query): return JSONResponse.ok(try await store.events(query))
        }
    }

    /// `/api/probing/changes?entity=asn/9198`: the probed blocks of an AS, a country or an
    /// access group that went down or came back, oldest first (`from`, `until`, `limit` as
    /// for events).
    func probingChanges(_ request: Request) async throws -> Response {
        switch Self.eventQuery(request.uri.queryParameters) {
        case .failure(let message): return JSONResponse.error(.badRequest, message)
        case .success(let query):
            guard let entity = query.entity else { return JSONResponse.error(.badRequest, "entity is required, e.g. ?entity=asn/9198") }
            return JSONResponse.ok(try await store.probeChanges(entity: entity, from: query.from ?? 0, until: query.until ?? Int64.max, limit: query.limit ?? 1000))
        }
    }

    /// `/api/faults?entity=asn/9198`: drops of one signal that the entity's other signals did
    /// not share (signal faults, not raised as events), latest first; every entity's without
    /// `entity` (`from`, `until`, `limit` as for events).
    func faults(_ request: Request) async throws -> Response {
        switch Self.eventQuery(request.uri.queryParameters) {
        case .failure(let message): return JSONResponse.error(.badRequest, message)
        case .success(let query):
            return JSONResponse.ok(try await store.faults(entity: query.entity, from: query.from ?? .min, until: query.until ?? .max,
                                                          limit: query.limit ?? 1000))
        }
    }

    /// `/api/summary`: every country's state now, and the events under way.
    func summary() async throws -> Response {
        struct Summary: Encodable {
            var countries: [CountryState]
            var ongoing: [OutageEvent]
        }
        return JSONResponse.ok(Summary(countries: try await CountryState.all(store: store),
                                       ongoing: try await store.events(EventQuery(ongoingOnly: true, limit: 500))))
    }

    /// `/api/events.csv` and `/api/events.keepiton.csv`, with the filters of `/api/events`.
    func eventTable(_ request: Request, keepItOn: Bool) async throws -> Response {
        switch Self.eventQuery(request.uri.queryParameters) {
        case .failure(let message): return JSONResponse.error(.badRequest, message)
        case .success(let query):
            let events = try await store.events(query)
            let names = try await entityNames()
            let text = keepItOn ? EventExports.keepItOn(events, names: names) : EventExports.csv(events, names: names)
            return JSONResponse.text(text, contentType: "text/csv; charset=utf-8")
        }
    }

    /// `/api/incidents?days=7&until=T&country=KZ`: incidents that overlap the `days` before
    /// `until` (default the newest data), latest first, each with its cuts and rolled-up parts.
    func incidents(_ request: Request) async throws -> Response {
        struct Answer: Encodable {
            var asOf: Int64
            var from: Int64
            var incidents: [Incident]
            enum CodingKeys: String, CodingKey { case asOf = "as_of", from, incidents }
        }
        let q = request.uri.queryParameters
        var days = OverviewPage.days
        if let text = q.get("days") {
            guard let n = Int(text), (1...366).contains(n) else { return JSONResponse.error(.badRequest, "days must be 1-366") }
            days = n
        }
        var until: Int64?
        if let text = q.get("until") {
            guard let t = UTCTime.parse(text) else { return JSONResponse.error(.badRequest, "until must be Unix seconds or RFC 3339") }
            until = t
        }
        let country = q.get("country")
        if let country, !Self.isCountryCode(country) {
            return JSONResponse.error(.badRequest, "country must be an ISO 3166-1 alpha-2 code, e.g. KZ")
        }
        let entities = try await store.entities()
        let now = try await OverviewPage.now(store: store, entities: entities, until: until)
        let found = try await OverviewPage.incidents(store: store, entities: entities, from: now - Int64(days) * 86_400, until: now, country: country)
        return JSONResponse.ok(Answer(asOf: now, from: now - Int64(days) * 86_400, incidents: found))
    }

    /// `/api/search?q=Kcell`: watched entities by name, code or AS number, best first.
    func search(_ request: Request) async throws -> Response {
        let entities = try await store.entities()
        let query = request.uri.queryParameters.get("q") ?? ""
        return JSONResponse.ok(EntitySearch(entities: entities, names: DisplayNames(entities)).find(query, limit: query.isEmpty ? 1000 : 100))
    }

    /// `/feed.atom` (every incident of the last 30 days) and `/feed/KZ.atom` (one country's,
    /// its networks' own incidents included), in the language of `?lang=` or `Accept-Language`.
    func feed(country: String?, text: Catalogue) async throws -> Response {
        if let country, !Self.isCountryCode(country) { return JSONResponse.error(.badRequest, "a feed is per country: /feed/KZ.atom") }
        let entities = try await store.entities()
        let names = DisplayNames(entities)
        let now = try await OverviewPage.now(store: store, entities: entities)
        let incidents = try await OverviewPage.incidents(store: store, entities: entities, from: now - Self.feedDays * 86_400, until: now, country: country)
        let title = "Tocsin: " + (country.map { text.text("feed.titleCountry", ["name": names[EntityID(kind: .country($0))]]) } ?? text["feed.title"])
        let xml = AtomFeed.document(title: title, selfURL: country.map { "/feed/\($0).atom" } ?? "/feed.atom", incidents: Array(incidents.prefix(200)),
                                    names: Dictionary(entities.map { ($0.id, names[$0.id]) }, uniquingKeysWith: { a, _ in a }), text: text)
        return JSONResponse.text(xml, contentType: "application/atom+xml; charset=utf-8")
    }

    /// How many days of incidents the feeds carry.
    static let feedDays: Int64 = 30

    /// An ISO 3166-1 alpha-2 code as `EntityID` takes one (not `KZ/mobile`).
    static func isCountryCode(_ text: String) -> Bool {
        if case .country = (try? EntityID.country(text))?.kind { true } else { false }
    }


    private func entityNames() async throws -> [EntityID: String] {
        Entity.displayNames(try await store.entities())
    }

    private enum QueryResult { case success(EventQuery), failure(String) }

    private static func eventQuery(_ q: Parameters) -> QueryResult {
        var query = EventQuery(limit: 1000)
        if let text = q.get("entity") {
            do { query.entity = try EntityID(text) } catch { return .failure("\(error)") }
        }
        for name in ["from", "until"] {
            guard let text = q.get(name) else { continue }
            guard let t = UTCTime.parse(text) else { return .failure("\(name) must be Unix seconds or RFC 3339") }
            if name == "from" { query.from = t } else { query.until = t }
        }
        if let text = q.get("scope") {
            guard let scope = EventScope(rawValue: text) else { return .failure("unknown scope '\(text)'") }
            query.scope = scope
        }
        if let text = q.get("cause") {
            guard let cause = EventCause(rawValue: text) else { return .failure("unknown cause '\(text)'") }
            query.cause = cause
        }
        if let text = q.get("ongoing") {
            guard ["true", "false", "1", "0"].contains(text) else { return .failure("ongoing must be true or false") }
            query.ongoingOnly = text == "true" || text == "1"
        }
        if let text = q.get("limit") {
            guard let n = Int(text), (1...10_000).contains(n) else { return .failure("limit must be 1-10000") }
            query.limit = n
        }
        return .success(query)
    }

    /// What an upload did.
    struct UploadReport: Codable {
        var rows: Int
        var written: Int
        var unchanged: Int
        var rounded: Int
    }

    /// `POST /api/signals` with a Signals CSV body and `Authorization: Bearer TOKEN`.
    /// All or nothing: one bad line refuses the whole body, naming the line.
    func upload(_ request: Request) async throws -> Response {
        switch await authorization.check(request.headers[.authorization]) {
        case .allowed:
            break
        case .disabled:
            return JSONResponse.error(.forbidden, "writing over HTTP is off: no tokens are configured")
        case .missing:
            var response = JSONResponse.error(.unauthorized, "a bearer token is required (Authorization: Bearer TOKEN)")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        case .wrong:
            return JSONResponse.error(.forbidden, "this token may not write")
        case .throttled(let wait):
            var response = JSONResponse.error(.tooManyRequests, "too many failed attempts to write; try again in \(wait) s")
            response.headers[.retryAfter] = "\(wait)"
            return response
        }
        var request = request
        let body: String
        do {
            body = String(buffer: try await request.collectBody(upTo: Self.maxUpload))
        } catch {
            return JSONResponse.error(.contentTooLarge, "the body may be at most \(Self.maxUpload >> 20) MiB")
        }
        let parsed = SignalsCSV.parse(body, source: "request body")
        if let first = parsed.errors.first {
            return JSONResponse.error(.badRequest, "\(first) (\(parsed.errors.count) bad lines; nothing was imported)")
        }
        let summary = try await store.upsert(points: parsed.points)
        return JSONResponse.ok(UploadReport(rows: parsed.points.count, written: summary.written, unchanged: summary.unchanged, rounded: parsed.rounded))
    }
}
