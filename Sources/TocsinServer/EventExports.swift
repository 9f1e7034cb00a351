import TocsinCore

/// Events as spreadsheets: a plain CSV, and rows in Access Now's #KeepItOn STOP format so
/// observers can contribute measured shutdowns to the shared dataset.
public enum EventExports {
    public static let csvHeader = "id,entity,name,start,end,detected_at,severity,confidence,scope,cause,signals,summary"

    public static func csv(_ events: [OutageEvent], names: [EntityID: String]) -> String {
        var out = csvHeader + "\n"
        for e in events {
            let signals = e.signals.map { "\($0.signal):\(SignalsCSV.formatValue(($0.drop * 1000).rounded() / 1000))" }.joined(separator: " ")
            let fields = [e.id, e.entity.rawValue, names[e.entity] ?? "", UTCTime.format(e.start), e.end.map(UTCTime.format) ?? "",
                          UTCTime.format(e.detectedAt), SignalsCSV.formatValue((e.severity * 1000).rounded() / 1000),
                          SignalsCSV.formatValue(e.confidence), e.scope.rawValue, e.cause.rawValue, signals,
                          AlertText.sentence(e, name: names[e.entity])]
            out += fields.map(CSVRecord.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The columns of Access Now's STOP data (`keepiton_2022_data.csv`), in order.
    public static let keepItOnColumns = [
        "start_date_type", "start_date", "country", "geo_scope", "area_name", "shutdown_type", "affected_network",
        "shutdown_extent", "ordered_by", "decision_maker", "actual_cause", "actual_cause_details", "info_source",
        "info_source_link", "shutdown_status", "end_date", "duration", "gov_justification", "gov_just_details", "gov_ack",
        "legal_just", "legal_method", "gov_ack_source", "gov_ack_quote", "facebook_affected", "twitter_affected",
        "whatsapp_affected", "instagram_affected", "telegram_affected", "other_affected", "sms_affected",
        "phonecall_affected", "telcos_involved", "telco_ack", "telco_ack_source", "telco_ack_quote", "election",
        "violence", "hr_abuse_reported", "users_targeted", "users_target_detail", "users_notified", "econ_impact",
        "event", "an_link",
    ]

    /// One STOP row per country-level event (national, regional, mobile, fixed); what a
    /// measurement cannot know (who ordered it, justifications, platforms) is left empty.
    public static func keepItOn(_ events: [OutageEvent], names: [EntityID: String]) -> String {
        var out = keepItOnColumns.joined(separator: ",") + "\n"
        for e in events where e.scope != .network {
            guard let cc = e.entity.country else { continue }
            let countryName = (try? EntityID("country/\(cc)")).flatMap { names[$0] } ?? cc
            var row = [String: String]()
            row["start_date_type"] = "Actual"
            row["start_date"] = stopDate(e.start)
            row["country"] = countryName
            row["geo_scope"] = e.scope == .regional ? "It affected more than one city in the same state, province, or region"
                : "It affected locations in more than one state, province, or region"
            if e.scope == .regional { row["area_name"] = names[e.entity] ?? e.entity.rawValue }
            row["shutdown_type"] = e.severity >= 0.9 ? "Shutdown" : "Throttle"
            row["affected_network"] = e.scope == .mobile ? "Mobile" : e.scope == .fixed ? "Broadband" : "Broadband, Mobile"
            row["shutdown_extent"] = "Full network"
            row["actual_cause_details"] = AlertText.sentence(e, name: names[e.entity])
            row["info_source"] = "Measurement (Tocsin)"
            row["shutdown_status"] = e.end == nil ? "Ongoing" : "Ended"
            row["end_date"] = e.end.map(stopDate) ?? ""
            row["duration"] = e.end.map { String(($0 - e.start + 86_399) / 86_400) } ?? ""
            out += keepItOnColumns.map { CSVRecord.escape(row[$0] ?? "") }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// STOP's date form: `2022-01-05 10:30:00`.
    static func stopDate(_ t: Int64) -> String {
        let iso = UTCTime.format(t)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
    }
}
