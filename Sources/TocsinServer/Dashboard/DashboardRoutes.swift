import Hummingbird
import NIOCore
import TocsinCore
import TocsinStore

/// The pages people read: the overview, an entity, an event (with its downloads, the
/// embeddable chart and the social card), search, and the chart script.
struct DashboardRoutes: Sendable {
    let store: any SignalStore & ProbeLog

    func register(on router: Router<BasicRequestContext>) {
        let store = self.store
        router.get("/") { request, _ in
            let q = request.uri.queryParameters
            let context = PageContext(request)
            return context.page(try await OverviewPage(store: store).render(context: context, window: q.get("window"), days: q.get("days").flatMap { Int($0) },
                                                                            until: q.get("until").flatMap(UTCTime.parse)))
        }
        router.get("/entity") { request, _ in
            let q = request.uri.queryParameters
            let context = PageContext(request)
            guard let text = q.get("id"), let entity = try? EntityID(text) else {
                return context.page("<p>\(HTMLText.escape(context.text["entity.unknown"]))</p>", status: .badRequest)
            }
            return context.page(try await EntityPage(store: store).render(entity: entity, range: q.get("range") ?? "7d", now: q.get("until").flatMap(UTCTime.parse),
                                                                          from: q.get("from").flatMap(UTCTime.parse), context: context))
        }
        router.get("/search") { request, _ in
            let context = PageContext(request)
            return context.page(try await SearchPage(store: store).render(query: request.uri.queryParameters.get("q") ?? "", context: context))
        }
        router.get("/static/chart.js") { _, _ in
            var response = JSONResponse.text(String(decoding: PackageResources.chart_js, as: UTF8.self), contentType: "text/javascript; charset=utf-8")
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        // The event page and its downloads: one lookup, several renderings.
        let eventViews: [(String, String, @Sendable (EventPage, OutageEvent, Int64, Int64, PageContext) async throws -> String)] = [
            ("/event", "text/html; charset=utf-8", { try await $0.render($1, from: $2, until: $3, context: $4) }),
            ("/embed", "text/html; charset=utf-8", { try await EmbedPage(page: $0).render($1, from: $2, until: $3, context: $4) }),
            ("/event.csv", "text/csv; charset=utf-8", { page, event, from, until, _ in try await page.csv(event, from: from, until: until) }),
            ("/event.svg", "image/svg+xml", { page, event, from, until, _ in try await page.chart(event, from: from, until: until).render() }),
        ]
        for (path, contentType, view) in eventViews {
            router.get(RouterPath(path)) { request, _ in
                try await withEvent(request) { page, event, from, until, context in
                    let body = try await view(page, event, from, until, context)
                    return contentType.hasPrefix("text/html") ? context.page(body) : JSONResponse.text(body, contentType: contentType)
                }
            }
        }
        router.get("/event.png") { request, _ in
            try await png(request) { page, event, from, until, _ in try await page.chart(event, from: from, until: until).render() }
        }
        router.get("/event.card.png") { request, _ in
            try await png(request, width: Int(EventCard.width)) { page, event, from, until, context in
                let names = DisplayNames(try await store.entities())
                var chart = try await page.chart(event, from: from, until: until).reading(context.text, zone: nil)
                chart.title = ""
                let card = EventCard(name: names[event.entity], sentence: AlertText.sentence(event, name: names.given[event.entity], text: context.text),
                                     chart: chart, footer: "Tocsin · \(event.id)")
                return card.svg()
            }
        }
    }

    /// The event named by `?id=` with the window charted around it, or 404.
    private func withEvent(_ request: Request,
                           _ answer: (EventPage, OutageEvent, Int64, Int64, PageContext) async throws -> Response) async throws -> Response {
        let page = EventPage(store: store)
        guard let id = request.uri.queryParameters.get("id"), let (event, from, until) = try await page.load(id: id) else {
            return JSONResponse.error(.notFound, "no such event")
        }
        return try await answer(page, event, from, until, PageContext(request))
    }

    /// An event drawn as SVG by `draw`, turned into PNG.
    private func png(_ request: Request, width: Int = 1200,
                     draw: @Sendable (EventPage, OutageEvent, Int64, Int64, PageContext) async throws -> String) async throws -> Response {
        try await withEvent(request) { page, event, from, until, context in
            do {
                let png = try await PNGRenderer.render(svg: try await draw(page, event, from, until, context), width: width)
                return Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
            } catch let error as PNGRenderer.Unavailable {
                return JSONResponse.error(.serviceUnavailable, error.description)
            }
        }
    }
}
