import TocsinCore
import Logging
import NIOCore

/// What a BMP stream tells the collector, in order.
enum BMPSessionEvent: Sendable {
    case peerUp(BMPPeerKey, CollectorPeer)
    case update(BMPPeerKey, CollectorPeer, BGPUpdate)
    case peerDown(BMPPeerKey)
    /// The router's stream ended: every peer it reported is gone.
    case ended
    case counted(BGPCounters.Event)
}

/// A monitored router's peer as BMP names it.
struct BMPPeerKey: Hashable, Sendable {
    var distinguisher: UInt64
    var address: UInt128
    var asn: UInt32
}

/// One monitored router's BMP stream (RFC 7854): peer up and down, route monitoring (the
/// pre-policy Adj-RIB-In by default), statistics and termination. BMP has no way to answer a
/// router, so a broken stream is logged, counted and closed.
final class BMPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let configuration: BMPReceiverConfiguration
    private let events: AsyncStream<BMPSessionEvent>.Continuation
    private let logger: Logger
    private var router = "?"
    private var source = "bmp:?"
    /// Per peer: AS-number size and the families using ADD-PATH, from its Peer Up.
    private var sessions: [BMPPeerKey: (asnSize: Int, addPath: AddPathFamilies)] = [:]

    init(configuration: BMPReceiverConfiguration, events: AsyncStream<BMPSessionEvent>.Continuation, logger: Logger) {
        self.configuration = configuration
        self.events = events
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        router = context.remoteAddress?.ipAddress ?? "?"
        source = "bmp:\(router)"
        logger.info("BMP stream opened", metadata: ["router": "\(router)"])
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let decoded = buffer.withUnsafeReadableBytes { bytes in Result { () throws(BMPError) in try BMPMessage(decoding: bytes) } }
        switch decoded {
        case .failure(let error):
            events.yield(.counted(.bmpError))
            logger.notice("skipped BMP message: \(error)", metadata: ["router": "\(router)"])
        case .success(let message):
            events.yield(.counted(.bmpMessage))
            handle(message)
        }
    }

    private func key(_ h: BMPPeerHeader) -> BMPPeerKey { BMPPeerKey(distinguisher: h.distinguisher, address: h.address, asn: h.asn) }

    private func peer(_ h: BMPPeerHeader) -> CollectorPeer {
        CollectorPeer(source: source, address: h.address, isIPv6: h.isIPv6, asn: h.asn)
    }

    private func handle(_ message: BMPMessage) {
        switch message {
        case .initiation(let info):
            logger.info("BMP initiation", metadata: ["router": "\(router)", "sysName": "\(info[2] ?? "")", "sysDescr": "\(info[1] ?? "")"])
        case .peerUp(let h, let up):
            var families: AddPathFamilies = []
            if let sent = up.sentOpen, let received = up.receivedOpen {
                for afi in received.addPathSendFamilies.intersection(sent.addPathReceiveFamilies) { families.insert(afi == 2 ? .ipv6 : .ipv4) }
            }
            let fourOctet = (up.sentOpen?.supportsFourOctetAS ?? true) && (up.receivedOpen?.supportsFourOctetAS ?? true)
            sessions[key(h)] = (h.usesTwoByteAS || !fourOctet ? 2 : 4, families)
            events.yield(.peerUp(key(h), peer(h)))
        case .peerDown(let h, _):
            sessions[key(h)] = nil
            events.yield(.peerDown(key(h)))
        case .routeMonitoring(let h, let bytes):
            guard h.isPostPolicy == configuration.postPolicy else { return }
            let session = sessions[key(h)] ?? (h.usesTwoByteAS ? 2 : 4, [])
            bytes.withUnsafeBytes { raw in
                guard raw.count >= BGPMessageFrame.headerSize,
                      case .success(let header) = BGPMessageFrame.checkHeader(UnsafeRawBufferPointer(rebasing: raw[..<BGPMessageFrame.headerSize]),
                                                                              maximumLength: BGPMessageFrame.maximumExtendedSize),
                      header.type == .update, header.length <= raw.count
                else {
                    events.yield(.counted(.bmpError))
                    return
                }
                var reader = WireReader(UnsafeRawBufferPointer(rebasing: raw[BGPMessageFrame.headerSize..<header.length]))
                let update = BGPUpdate(decoding: &reader, asnSize: session.asnSize, addPath: session.addPath)
                if update.violation() != nil {
                    events.yield(.counted(.bmpError))
                    logger.notice("malformed UPDATE in BMP route monitoring: \(update.attributes.issues)", metadata: ["router": "\(router)"])
                } else {
                    events.yield(.update(key(h), peer(h), update))
                }
            }
        case .statistics, .routeMirroring:
            break
        case .termination:
            logger.info("BMP termination", metadata: ["router": "\(router)"])
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        events.yield(.counted(.bmpError))
        logger.notice("closing BMP stream: \(error)", metadata: ["router": "\(router)"])
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.yield(.ended)
        events.finish()
        context.fireChannelInactive()
    }
}
