import TocsinStore

/// `/search?q=`: the entities found, each linked to its page; every watched entity without a query.
struct SearchPage: Sendable {
    let store: any SignalStore
    static let shownWithoutQuery = 1000

    func render(query: String, context: PageContext) async throws -> String {
        let text = context.text
        let entities = try await store.entities()
        let search = EntitySearch(entities: entities, names: DisplayNames(entities))
        let found = search.find(query, limit: query.isEmpty ? Self.shownWithoutQuery : 100)
        let heading = query.isEmpty ? text["search.all"] : text.text("search.results", ["query": query])
        var html = PageFrame.head(title: "\(heading) — Tocsin", context: context)
        html += "<h1>\(HTMLText.escape(heading))</h1>\n"
        if found.isEmpty { return html + "<p>\(HTMLText.escape(text["search.none"]))</p>\n" + PageFrame.foot }
        html += "<ul class=\"found\">\n"
        for match in found {
            html += "<li><a href=\"/entity?id=\(HTMLText.escape(match.entity))\">\(HTMLText.escape(match.name))</a> "
            html += "<span class=\"kind\">(\(HTMLText.escape(text["kind.\(match.kind)"])), \(HTMLText.escape(match.entity)))</span></li>\n"
        }
        return html + "</ul>\n" + PageFrame.foot
    }
}
