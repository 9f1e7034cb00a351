import Foundation
import TocsinBGP
import TocsinCore
import TocsinGeo

/// BGP ingest benchmarks: decode + routing state + visibility, no text.
enum BGPBench {
    /// Ingests `paths` `copies` times under distinct collector names (so the routes add up),
    /// closing 5-minute bins as the records' times go, and reports the rates. Memory per route
    /// is the peak RSS of a run against one with `copies` 0 (see Benchmarks/bgp.sh).
    static func ingest(paths: [String], copies: Int, geography: Bool) throws {
        let clock = ContinuousClock()
        var geo = GeoDatabase()
        let loadStart = clock.now
        if geography { geo.libloc = try LocationDatabase() }
        let counter = VisibilityCounter(geo: geo, thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))
        let setup = clock.now - loadStart
        var recorder = BGPSignalRecorder(counter: counter)
        var records = 0, ribEntries = 0, updates = 0, points = 0
        let start = clock.now
        for copy in 0..<copies {
            var ingest = MRTIngest(recorder: recorder, collector: "copy\(copy)")
            let summary = ingest.run(paths: paths) { points += $0.count }
            recorder = ingest.recorder
            records += summary.records
            ribEntries += summary.ribEntries
            updates += summary.updates
            precondition(summary.errors.isEmpty, "\(summary.errors)")
        }
        let elapsed = clock.now - start
        let seconds = elapsed.seconds
        let routes = recorder.state.routeCount
        print("reference tables: \(setup)")
        print("\(records) MRT records (\(ribEntries) RIB entries, \(updates) updates) in \(String(format: "%.3f", seconds)) s: \(Int(Double(records) / seconds)) records/s")
        print("\(points) points; \(routes) routes held over \(recorder.state.prefixCount) prefixes and \(recorder.state.peers.count) peers")
    }

}
