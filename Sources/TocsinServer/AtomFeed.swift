import TocsinCore

/// An Atom (RFC 4287) feed of events, newest first, each entry titled with its alert text.
public enum AtomFeed {
    public static func document(title: String, selfURL: String, events: [OutageEvent], names: [EntityID: String]) -> String {
        let updated = events.map { max($0.detectedAt, $0.end ?? $0.detectedAt) }.max() ?? 0
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(HTMLText.escape(title))</title>
            <id>\(HTMLText.escape(selfURL))</id>
            <link rel="self" href="\(HTMLText.escape(selfURL))"/>
            <updated>\(UTCTime.format(updated))</updated>
            <author><name>Tocsin</name></author>

            """
        for event in events {
            let text = AlertText.sentence(event, name: names[event.entity])
            let version = event.end ?? event.detectedAt
            xml += """
                <entry>
                <title>\(HTMLText.escape(text))</title>
                <id>tag:tocsin,2022:\(HTMLText.escape(event.id))</id>
                <updated>\(UTCTime.format(version))</updated>
                <published>\(UTCTime.format(event.detectedAt))</published>
                <category term="\(event.cause.rawValue)" label="cause"/>
                <category term="\(event.scope.rawValue)" label="scope"/>
                <summary>\(HTMLText.escape(event.evidence.notes.joined(separator: " ")))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
