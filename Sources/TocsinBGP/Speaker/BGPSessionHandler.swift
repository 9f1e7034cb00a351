import TocsinCore
import Logging
import NIOCore
import TocsinGeo

/// What a session tells the collector, in order.
enum BGPSessionEvent: Sendable {
    case up(CollectorPeer)
    case update(BGPUpdate)
    case down
    case counted(BGPCounters.Event)
}

/// One passive BGP session (RFC 4271 §8 from the passive side): sends its OPEN when the
/// router connects, confirms the router's OPEN, then receives UPDATEs until the session ends.
/// Never announces a route. Bad input earns the NOTIFICATION RFC 4271 §6 names, then close.
final class BGPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = BGPWireMessage
    typealias OutboundOut = ByteBuffer

    enum State { case openSent, openConfirm, established, closed }

    private let configuration: BGPSpeakerConfiguration
    private let events: AsyncStream<BGPSessionEvent>.Continuation
    private let logger: Logger
    private var state = State.openSent
    private var holdTime: Int64 = 240  // RFC 4271 §8: a large value until OPENs are exchanged
    private var asnSize = 2
    private var addPath: AddPathFamilies = []
    private var remote = ""
    private var remoteAddress: (UInt128, Bool) = (0, false)
    /// Set once a NOTIFICATION is on its way: nothing more is read or applied.
    private var closing = false
    private var holdTimer: Scheduled<Void>?
    private var keepaliveTimer: RepeatedTask?

    init(configuration: BGPSpeakerConfiguration, events: AsyncStream<BGPSessionEvent>.Continuation, logger: Logger) {
        self.configuration = configuration
        self.events = events
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.remoteAddress?.ipAddress ?? "?"
        if let v4 = IPv4Address(remote) {
            remoteAddress = (UInt128(v4.value) << 96, false)
        } else if let v6 = IPv6Address(remote) {
            remoteAddress = (v6.value, true)
        }
        if !configuration.peers.isEmpty, configuration.peers[remote] == nil {
            fail(context, .cease(5), "connection from \(remote), which is not a configured peer")  // Connection Rejected
            return
        }
        send(context, configuration.open.encoded())
        armHoldTimer(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed, !closing else { return }
        let message = unwrapInboundIn(data)
        armHoldTimer(context)
        message.body.withUnsafeReadableBytes { bytes in
            var reader = WireReader(bytes)
            switch (state, message.type) {
            case (.openSent, .open): receiveOpen(context, &reader)
            case (.openConfirm, .keepalive):
                state = .established
                events.yield(.up(CollectorPeer(source: "bgp", address: remoteAddress.0, isIPv6: remoteAddress.1, asn: peerAS)))
                startKeepalives(context)
                logger.info("BGP session established", metadata: ["peer": "\(remote)", "as": "\(peerAS)"])
            case (.established, .update):
                let update = BGPUpdate(decoding: &reader, asnSize: asnSize, addPath: addPath)
                if let violation = update.violation() {
                    fail(context, violation, "bad UPDATE: \(update.attributes.issues.map(\.description).joined(separator: "; "))")
                } else {
                    events.yield(.update(update))
                }
            case (.established, .keepalive), (.established, .routeRefresh): break
            case (_, .notification):
                let notification = BGPNotification(decoding: &reader)
                events.yield(.counted(.notificationReceived))
                logger.notice("peer sent \(notification)", metadata: ["peer": "\(remote)"])
                close(context)
            default:
                fail(context, .finiteStateMachineError(), "\(message.type) in state \(state)")
            }
        }
    }

    private var peerAS: UInt32 = 0

    private func receiveOpen(_ context: ChannelHandlerContext, _ reader: inout WireReader) {
        let open: BGPOpen
        do { open = try BGPOpen(decoding: &reader) } catch {
            fail(context, error, "bad OPEN")
            return
        }
        if let expected = configuration.peers[remote], expected != open.asn {
            fail(context, .badPeerAS(), "OPEN from AS\(open.asn), expected AS\(expected)")
            return
        }
        peerAS = open.asn
        asnSize = open.supportsFourOctetAS ? 4 : 2
        let mine = configuration.open
        var families: AddPathFamilies = []
        for afi in open.addPathSendFamilies.intersection(mine.addPathReceiveFamilies) {
            families.insert(afi == 2 ? .ipv6 : .ipv4)
        }
        addPath = families
        holdTime = Int64(min(open.holdTime, configuration.holdTime))
        send(context, BGPMessageFrame.keepalive)
        state = .openConfirm
        armHoldTimer(context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let notification = error as? BGPNotification {
            fail(context, notification, "bad message header")
        } else {
            logger.notice("BGP session error: \(error)", metadata: ["peer": "\(remote)"])
            close(context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        holdTimer?.cancel()
        keepaliveTimer?.cancel()
        if state == .established { events.yield(.down) }
        if state != .closed { events.yield(.counted(.closed)) }
        state = .closed
        events.finish()
        context.fireChannelInactive()
    }

    // MARK: -

    private func send(_ context: ChannelHandlerContext, _ bytes: [UInt8]) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    /// Sends the NOTIFICATION, then closes once it is written.
    private func fail(_ context: ChannelHandlerContext, _ notification: BGPNotification, _ reason: String) {
        guard state != .closed, !closing else { return }
        closing = true
        holdTimer?.cancel()
        keepaliveTimer?.cancel()
        logger.notice("closing BGP session: \(reason); sending \(notification)", metadata: ["peer": "\(remote)"])
        events.yield(.counted(.notificationSent(notification)))
        let written = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: notification.encoded())))
        written.assumeIsolated().whenComplete { _ in self.close(context) }
        // A peer that does not read must not keep the session open.
        context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(5)) { self.close(context) }
    }

    private func close(_ context: ChannelHandlerContext) {
        holdTimer?.cancel()
        keepaliveTimer?.cancel()
        if state == .established { events.yield(.down) }
        if state != .closed { events.yield(.counted(.closed)) }
        state = .closed
        context.close(promise: nil)
    }

    private func armHoldTimer(_ context: ChannelHandlerContext) {
        holdTimer?.cancel()
        guard holdTime > 0 else { return }
        holdTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(holdTime)) {
            self.events.yield(.counted(.holdTimerExpired))
            self.fail(context, .holdTimerExpired(), "hold timer expired after \(self.holdTime) s")
        }
    }

    private func startKeepalives(_ context: ChannelHandlerContext) {
        guard holdTime > 0 else { return }
        let interval = TimeAmount.seconds(max(holdTime / 3, 1))
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        keepaliveTimer = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let (handler, context) = bound.value
            handler.send(context, BGPMessageFrame.keepalive)
        }
    }
}
