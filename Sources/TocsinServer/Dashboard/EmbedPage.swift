import TocsinCore
import TocsinStore

/// `/embed?id=EVENT`: the event's chart and sentence alone, for an `<iframe>` on another site
/// (the one page that may be framed), with a link back to the event page.
struct EmbedPage: Sendable {
    let page: EventPage

    func render(_ event: OutageEvent, from: Int64, until: Int64, context: PageContext) async throws -> String {
        let text = context.text
        let names = DisplayNames(try await page.store.entities())
        let sentence = AlertText.sentence(event, name: names.given[event.entity], text: text)
        var chart = try await page.chart(event, from: from, until: until).reading(text, zone: LocalTime.zone(country: event.entity.country))
        chart.title = text.text("chart.event", ["name": names[event.entity], "time": AlertText.stamp(event.start)])
        return """
            <!doctype html>
            <html lang="\(context.language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(sentence))</title>
            <style>\(PageFrame.style) body{margin:0;padding:.5rem;max-width:none}p{margin:.2rem 0;font-size:.9rem}</style>
            <script src="/static/chart.js" defer></script>
            </head><body><main>
            <p>\(HTMLText.escape(sentence)).</p>
            \(chart.figure())<p><a href="\(HTMLText.escape(context.origin))/event?id=\(HTMLText.escape(event.id))" target="_blank" rel="noopener">\(HTMLText.escape(text["embed.source"]))</a></p>
            </main></body></html>

            """
    }
}
