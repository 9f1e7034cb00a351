import Foundation
import Logging
import ServiceLifecycle
import TocsinBGP
import TocsinCore
import TocsinGeo
import TocsinServer
import TocsinStore

/// The BGP sources `tocsin serve` runs when `sources.bgp` is configured: the passive speaker
/// and the BMP receiver feeding a live collector whose bins close on the wall clock, or the
/// archive poller. Points go to the store as bins close; at shutdown the listeners stop and
/// the bin in progress is written.
struct BGPSources: Service {
    let config: BGPSourceConfig
    let geo: GeoDatabase
    let store: any SignalStore
    let cacheFolder: String
    let logger: Logger

    /// Checks the section before anything starts.
    static func validate(_ config: BGPSourceConfig) throws {
        let live = config.speaker != nil || config.bmp != nil
        if live, config.archives != nil {
            throw CLIError("sources.bgp: use live sources (speaker, bmp) or archives, not both: both would write the same bgp series")
        }
        if let speaker = config.speaker {
            guard IPv4Address(speaker.routerID) != nil else { throw CLIError("sources.bgp.speaker.router_id: not an IPv4 address: '\(speaker.routerID)'") }
            guard (0...65_535).contains(speaker.holdTime), speaker.holdTime == 0 || speaker.holdTime >= 3 else {
                throw CLIError("sources.bgp.speaker.hold_time: 0 or 3–65535 seconds")
            }
        }
        for c in config.archives?.collectors ?? [] where ArchiveLayout(rawValue: c.layout) == nil {
            throw CLIError("sources.bgp.archives: collector \(c.name): layout must be ris or routeviews, not '\(c.layout)'")
        }
        if let start = config.archives?.start, UTCTime.parse(start) == nil {
            throw CLIError("sources.bgp.archives.start: not an RFC 3339 time: '\(start)'")
        }
    }

    func run() async throws {
        let counter = VisibilityCounter(geo: geo, thresholds: FullFeedThresholds(ipv4: config.fullFeedIPv4, ipv6: config.fullFeedIPv6))
        if let archives = config.archives {
            try await follow(archives, counter: counter)
        } else {
            try await live(counter: counter)
        }
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private func write(_ points: [SignalPoint]) async {
        guard !points.isEmpty else { return }
        do { _ = try await store.upsert(points: points) } catch { logger.error("storing \(points.count) bgp points failed: \(error)") }
    }

    private func live(counter: VisibilityCounter) async throws {
        let collector = BGPCollector(counter: counter)
        var listeners: [TCPListener] = []
        if let s = config.speaker {
            let configuration = BGPSpeakerConfiguration(host: s.host, port: s.port, localAS: s.localAS,
                                                        routerID: IPv4Address(s.routerID)?.value ?? 0x7F00_0001,
                                                        holdTime: UInt16(s.holdTime), peers: s.peers)
            let listener = try await BGPSpeaker.start(configuration, collector: collector, logger: logger)
            logger.info("BGP speaker listening on \(s.host):\(listener.port) as AS\(s.localAS)")
            listeners.append(listener)
        }
        if let b = config.bmp {
            let listener = try await BMPReceiver.start(BMPReceiverConfiguration(host: b.host, port: b.port, postPolicy: b.postPolicy),
                                                       collector: collector, logger: logger)
            logger.info("BMP receiver listening on \(b.host):\(listener.port)")
            listeners.append(listener)
        }
        _ = await collector.tick(now: Self.now())
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                await write(await collector.tick(now: Self.now()))
            }
        }
        for listener in listeners { await listener.close() }
        await write(await collector.finish())
        let counters = await collector.counters
        logger.info("BGP sources stopped: \(counters.sessionsEstablished) sessions, \(counters.updates) updates, \(counters.bmpMessages) BMP messages")
    }

    private func follow(_ archives: BGPSourceConfig.Archives, counter: VisibilityCounter) async throws {
        let collectors = archives.collectors.compactMap { c in
            ArchiveLayout(rawValue: c.layout).map { ArchiveCollector(name: c.name, baseURL: c.baseURL, layout: $0) }
        }
        let start = archives.start.flatMap(UTCTime.parse) ?? Self.now() - 3600
        let store = self.store, logger = self.logger
        let poller = ArchivePoller(collectors: collectors, cacheFolder: cacheFolder, start: start, counter: counter) { points in
            do { _ = try await store.upsert(points: points) } catch { logger.error("storing archive points failed: \(error)") }
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await poller.poll(now: Self.now())
                let report = await poller.report
                for error in report.errors.suffix(3) { logger.notice("archives: \(error)") }
                try? await Task.sleep(for: .milliseconds(Int(archives.interval * 1000)))
            }
        }
    }
}

extension ObservatoryConfig {
    /// The reference files the config names, relative paths resolved against the data folder.
    var referenceFiles: ReferenceFiles {
        var f = ReferenceFiles()
        f.libloc = reference.libloc.map(resolve)
        f.mmdb = reference.mmdb.map(resolve)
        f.torGeoIP = reference.torGeoIP.map(resolve)
        f.torGeoIP6 = reference.torGeoIP6.map(resolve)
        f.pfx2as = reference.pfx2as.map(resolve)
        f.delegated = (reference.delegated ?? []).map(resolve)
        f.networks = reference.networks.map(resolve)
        return f
    }
}
