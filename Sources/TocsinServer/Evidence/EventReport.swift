import TocsinCore

/// The report to hand over: one printable HTML page per event (inside its evidence bundle)
/// with the sentence, the timeline, the chart, the method in plain words, and how to check the
/// bundle it came in. It names the signing key's fingerprint; the bundle's own fingerprint
/// (SHA-256 of `manifest.json`) cannot be inside the bundle and is shown beside it.
struct EventReport {
    var event: OutageEvent
    var name: String?
    var chart: String
    var keyFingerprint: String

    func render() -> String {
        let sentence = AlertText.sentence(event, name: name)
        var html = PageFrame.head(title: "Evidence: \(sentence)", context: .english, chrome: false)
        html += "<style>@media print{a{color:inherit;text-decoration:none}}code{word-break:break-all}</style>\n"
        html += "<h1>\(HTMLText.escape(sentence))</h1>\n"
        html += "<p>Event <code>\(HTMLText.escape(event.id))</code> · severity \(Int((event.severity * 100).rounded()))% · scope "
            + "\(event.scope.rawValue) · cause \(event.cause.rawValue) · confidence \(Int((event.confidence * 100).rounded()))%</p>\n"
        html += "<h2>Timeline (UTC)</h2>\n<ul>\n"
        var timeline: [(Int64, String)] = [(event.start, "the first signal fell"), (event.detectedAt, "the detector raised the event")]
        for s in event.signals {
            timeline.append((s.start, "\(s.signal.rawValue) fell \(Int((s.drop * 100).rounded()))% below its expected level"))
            if let end = s.end { timeline.append((end, "\(s.signal.rawValue) back to normal")) }
        }
        timeline.append(event.end.map { ($0, "end of the event") } ?? (event.detectedAt, "still under way when this bundle was made"))
        for (t, text) in timeline.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            html += "<li>\(UTCTime.format(t)): \(HTMLText.escape(text))</li>\n"
        }
        html += "</ul>\n<h2>Chart: each signal as % of its expected level</h2>\n" + chart
        html += "<h2>Evidence noted by the detector</h2>\n<ul>\n"
            + event.evidence.notes.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
        html += """
            <h2>Method</h2>
            <p>Each signal of \(HTMLText.escape(name ?? event.entity.rawValue)) (routed address space seen in BGP, \
            addresses answering probes, traffic, unsolicited traffic) is compared, every five minutes, with what the same \
            hour of the same weekday looked like over the previous four weeks (expected level and band in \
            <code>expected.csv</code>). A signal raises an alarm only when it falls further below that level than its \
            own history ever did in quiet times. An alarm becomes an event when other signals of the same place fell with \
            it; a signal that fell alone while the others held is recorded as a fault of that measurement instead. The \
            detector and its parameters are in <code>method.json</code>; every measurement it used is in \
            <code>signals.csv</code>, so anyone can run it again.</p>
            <h2>How to check this evidence</h2>
            <p>This report belongs to a bundle of files signed with the observatory's Ed25519 key \
            (fingerprint <code>\(keyFingerprint)</code>, published at <code>/.well-known/tocsin/key.pem</code>). \
            In the bundle's folder, with stock tools:</p>
            <pre>openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig
            sha256sum -c SHA256SUMS</pre>
            <p>or <code>tocsin verify FOLDER --key key.pem</code>. The first checks that <code>manifest.json</code> was \
            signed by this key; the manifest lists every file with its SHA-256, and the second checks the files.</p>

            """
        return html + PageFrame.foot
    }
}
