/// The frame shared by the HTML pages: readable on a phone, no external assets, the search
/// box and language links on every page, and the one script (`/static/chart.js`) that makes
/// charts readable by hover; every page reads in full without it.
enum PageFrame {
    /// `chrome` false leaves out the search box, language links and script (a printed report).
    static func head(title: String, context: PageContext, chrome: Bool = true) -> String {
        let text = context.text
        let languages: String = Language.allCases.map { language -> String in
            let name = Catalogue(language)["language.name"]
            let join: String = context.path.contains("?") ? "&amp;" : "?"
            return language == context.language
                ? "<strong lang=\"\(language.rawValue)\">\(HTMLText.escape(name))</strong>"
                : "<a lang=\"\(language.rawValue)\" hreflang=\"\(language.rawValue)\" href=\"\(HTMLText.escape(context.path))\(join)lang=\(language.rawValue)\">\(HTMLText.escape(name))</a>"
        }.joined(separator: " · ")
        let script: String = chrome ? "<script src=\"/static/chart.js\" defer></script>" : ""
        let top: String = chrome ? topBar(text: text, languages: languages) : "<p><a href=\"/\">Tocsin</a></p>"
        return """
            <!doctype html>
            <html lang="\(context.language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <link rel="icon" href="data:,">
            <style>\(style)</style>
            \(script)
            </head><body>
            \(top)
            <main>

            """
    }

    private static func topBar(text: Catalogue, languages: String) -> String {
        """
        <header class="top"><a class="home" href="/">Tocsin</a>
        <form class="search" role="search" method="get" action="/search"><label for="q">\(HTMLText.escape(text["search.label"]))</label>
        <input id="q" name="q" type="search" placeholder="\(HTMLText.escape(text["search.placeholder"]))"> <button>\(HTMLText.escape(text["search.button"]))</button></form>
        <nav class="languages" aria-label="\(HTMLText.escape(text["language.choose"]))">\(languages)</nav></header>
        """
    }

    static let foot = "</main></body></html>\n"

    /// Colours meet WCAG AA contrast on white; state colours are Okabe–Ito, darkened for text.
    static let style = """
        body{font-family:system-ui,sans-serif;max-width:64rem;margin:0 auto;padding:0 1rem;color:#1a1a1a}
        a{color:#005a9c}a:focus,svg:focus,button:focus,input:focus,summary:focus{outline:3px solid #E69F00;outline-offset:2px}
        header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 0;border-bottom:1px solid #ddd}
        header.top .home{font-weight:bold;font-size:1.2rem;text-decoration:none}form.search{flex:1 1 16rem;display:flex;gap:.25rem;align-items:center}
        form.search input{flex:1;min-width:6rem;padding:.3rem}nav.languages{font-size:.9rem}
        svg.chart{width:100%;height:auto;display:block}figure.chart-frame{position:relative;margin:0 0 1rem}
        .chart-tip{position:absolute;background:#fff;border:1px solid #888;padding:.3rem .5rem;font-size:.8rem;pointer-events:none;box-shadow:0 1px 4px #0003;max-width:22rem}
        .chart-tip-time{font-weight:bold}.chart-tip-swatch{display:inline-block;width:.7rem;height:.7rem;margin-right:.3rem}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
        .ongoing,.state-outage{color:#A33D00;font-weight:bold}.state-disrupted{color:#7A5000;font-weight:bold}.state-normal{color:#00587a}
        svg.map{width:100%;height:auto;display:block;background:#f4f8fb}svg.map a:focus path{stroke:#000;stroke-width:2}
        ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;font-size:.9rem}
        nav.window{margin:.5rem 0}input,textarea,select{max-width:100%;box-sizing:border-box}textarea{width:100%}form.custom{display:inline}ol.incidents{list-style:none;padding:0}
        li.incident{border-top:1px solid #ddd;padding:.6rem 0;display:grid;grid-template-columns:1fr auto;gap:.2rem 1rem}
        li.incident .what{font-weight:bold}li.incident .facts{color:#444;font-size:.9rem}li.incident details{grid-column:1/-1;font-size:.9rem}
        .multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(24rem,100%),1fr));gap:.5rem}
        @media (max-width:40rem){li.incident{grid-template-columns:1fr}figure.chart-frame{overflow-x:auto}svg.chart{min-width:34rem}
        .multiples svg.chart{min-width:0}}
        """
}
