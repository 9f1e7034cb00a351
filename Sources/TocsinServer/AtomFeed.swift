import TocsinCore

/// An Atom (RFC 4287) feed of incidents, latest first: one entry per incident (a country's
/// shutdown with its re-cuts and networks, or a network's own outage), titled with its alert
/// text, whose `updated` moves each time a cut or part of it is raised or ends.
public enum AtomFeed {
    public static func document(title: String, selfURL: String, incidents: [Incident], names: [EntityID: String], text catalogue: Catalogue = .english) -> String {
        let updated = incidents.map(\.updated).max() ?? 0
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(catalogue.language.rawValue)">
            <title>\(HTMLText.escape(title))</title>
            <id>\(HTMLText.escape(selfURL))</id>
            <link rel="self" href="\(HTMLText.escape(selfURL))"/>
            <updated>\(UTCTime.format(updated))</updated>
            <author><name>Tocsin</name></author>

            """
        for incident in incidents {
            let text = AlertText.sentence(incident, name: names[incident.entity], text: catalogue)
            let latest = incident.cuts.last!
            let parts = incident.affected.map { names[$0] ?? $0.rawValue }
            var summary = latest.evidence.notes
            if !parts.isEmpty { summary.append(catalogue.text("feed.alsoDown", ["names": parts.joined(separator: ", ")])) }
            xml += """
                <entry>
                <title>\(HTMLText.escape(text))</title>
                <id>tag:tocsin,2022:incident/\(HTMLText.escape(incident.id))</id>
                <link href="/event?id=\(HTMLText.escape(latest.id))"/>
                <updated>\(UTCTime.format(incident.updated))</updated>
                <published>\(UTCTime.format(incident.cuts.first!.detectedAt))</published>
                <category term="\(incident.cause.rawValue)" label="cause"/>
                <category term="\(incident.scope.rawValue)" label="scope"/>
                <summary>\(HTMLText.escape(summary.joined(separator: " ")))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
