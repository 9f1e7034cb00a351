import Foundation
import Logging
import Metrics
import NIOCore
import NIOPosix
import Synchronization
import TocsinCore
import TocsinGeo

/// UDP listeners for flow exports (by default NetFlow on 2055, IPFIX on 4739, sFlow on
/// 6343; each listener reads any of the formats). Datagrams are decoded on the event loop
/// that received them — decoding runs at millions of records a second, far above what a
/// socket delivers — by that listener's own decoder (so no template state is shared between
/// threads), and the records go into one aggregator behind a lock. Counters are metrics.
public final class FlowCollector: Sendable {
    /// One UDP port to listen on.
    public struct Listener: Sendable, Hashable {
        public var name: String
        public var host: String
        public var port: Int

        public init(name: String, host: String, port: Int) {
            self.name = name
            self.host = host
            self.port = port
        }

        public static let defaults = [
            Listener(name: "netflow", host: "0.0.0.0", port: 2055),
            Listener(name: "ipfix", host: "0.0.0.0", port: 4739),
            Listener(name: "sflow", host: "0.0.0.0", port: 6343),
        ]
    }

    private let aggregator: Mutex<TrafficAggregator>
    private let channels = Mutex<[any Channel]>([])
    private let group: any EventLoopGroup
    public let limits: TemplateFlowDecoder.Limits
    let logger: Logger

    public init(aggregator: TrafficAggregator, limits: TemplateFlowDecoder.Limits = .init(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "tocsin.flows")) {
        self.aggregator = Mutex(aggregator)
        self.limits = limits
        self.group = group
        self.logger = logger
    }

    /// Binds the listeners; returns the bound ports in the same order (useful with port 0).
    public func start(_ listeners: [Listener]) async throws -> [Int] {
        do {
            return try await bind(listeners)
        } catch {
            await stop()  // the listeners bound so far must not outlive a failed start
            throw error
        }
    }

    private func bind(_ listeners: [Listener]) async throws -> [Int] {
        var ports: [Int] = []
        for listener in listeners {
            let handler = FlowDatagramHandler(name: listener.name, decoder: FlowDecoder(limits: limits), collector: self)
            let channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
                // The default allocator hands out 2,048 bytes: longer datagrams would be cut short.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) } }
                .bind(host: listener.host, port: listener.port).get()
            channels.withLock { $0.append(channel) }
            ports.append(channel.localAddress?.port ?? listener.port)
        }
        return ports
    }

    public func stop() async {
        let all = channels.withLock { list in defer { list.removeAll() }; return list }
        for channel in all { try? await channel.close() }
    }

    /// Adds records received at `now`.
    func add(_ records: [FlowRecord], now: Int64) {
        aggregator.withLock { a in for r in records { a.add(r, now: now) } }
    }

    /// The points of the bins that are complete (see `TrafficAggregator.drain`).
    public func drain(now: Int64) -> [SignalPoint] {
        aggregator.withLock { $0.drain(now: now) }
    }

    public var aggregatorCounters: TrafficAggregator.Counters { aggregator.withLock { $0.counters } }
}

/// One listener's datagrams through its own decoder.
final class FlowDatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let name: String
    let decoder: FlowDecoder
    unowned let collector: FlowCollector
    private var records: [FlowRecord] = []
    private let datagrams: Counter, recordsCounter: Counter
    private var issueCounters: [FlowDecodeIssue.Kind: Counter] = [:]
    /// Problems are logged at most every 10 s per listener (they are all counted).
    private var lastReport: Int64 = 0
    private var unreported = 0
    private var latestIssue: FlowDecodeIssue?

    init(name: String, decoder: FlowDecoder, collector: FlowCollector) {
        self.name = name
        self.decoder = decoder
        self.collector = collector
        datagrams = Counter(label: "tocsin_flow_datagrams_total", dimensions: [("listener", name)])
        recordsCounter = Counter(label: "tocsin_flow_records_total", dimensions: [("listener", name)])
        for kind in FlowDecodeIssue.Kind.allCases {
            issueCounters[kind] = Counter(label: "tocsin_flow_decode_errors_total", dimensions: [("listener", name), ("kind", kind.rawValue)])
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let exporter = envelope.remoteAddress.tocsinAddress else { return }
        let now = Int64(Date().timeIntervalSince1970)
        records.removeAll(keepingCapacity: true)
        envelope.data.withUnsafeReadableBytes { bytes in
            _ = decoder.decode(bytes, exporter: exporter, now: now, into: &records) { problem in
                issueCounters[problem.kind]?.increment()
                unreported += 1
                latestIssue = problem
            }
        }
        if unreported > 0, now - lastReport >= 10, let latest = latestIssue {
            collector.logger.warning("\(name): \(unreported) decode problems since the last report; the latest: \(latest)")
            lastReport = now
            unreported = 0
        }
        datagrams.increment()
        recordsCounter.increment(by: Int64(records.count))
        if !records.isEmpty { collector.add(records, now: now) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket error (e.g. ICMP port unreachable) does not end the listener.
    }
}

extension SocketAddress {
    /// The address as Tocsin's value type (nil for Unix sockets).
    var tocsinAddress: IPAddress? {
        switch self {
        case .v4(let a): .v4(TocsinGeo.IPv4Address(UInt32(bigEndian: a.address.sin_addr.s_addr)))
        case .v6(let a):
            withUnsafeBytes(of: a.address.sin6_addr) { raw in
                var v: UInt128 = 0
                for b in raw { v = v << 8 | UInt128(b) }
                // An IPv4 sender on a dual-stack socket arrives mapped: report it as IPv4.
                return v >> 32 == 0xFFFF ? .v4(TocsinGeo.IPv4Address(UInt32(truncatingIfNeeded: v))) : .v6(TocsinGeo.IPv6Address(v))
            }
        default: nil
        }
    }
}
