import Logging
import NIOCore
import NIOPosix

/// Where the BMP receiver listens and which view it takes.
public struct BMPReceiverConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Use post-policy route monitoring (Adj-RIB-In after the router's import policy)
    /// instead of pre-policy; the other view is ignored so no peer counts twice.
    public var postPolicy: Bool

    public init(host: String = "127.0.0.1", port: Int = 11019, postPolicy: Bool = false) {
        self.host = host
        self.port = port
        self.postPolicy = postPolicy
    }
}

/// Receives BMP streams from monitored routers (they connect to Tocsin) and feeds their
/// peers' routes to the `BGPCollector`.
public enum BMPReceiver {
    public static func start(_ configuration: BMPReceiverConfiguration, collector: BGPCollector,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             logger: Logger = Logger(label: "tocsin.bmp")) async throws -> TCPListener {
        try await TCPListener.start(
            host: configuration.host, port: configuration.port, group: group,
            pipeline: { channel, events in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthFramedDecoder.bmp()))
                try channel.pipeline.syncOperations.addHandler(BMPSessionHandler(configuration: configuration, events: events, logger: logger))
            },
            consume: { (events: AsyncStream<BMPSessionEvent>) in
                var peers: [BMPPeerKey: BGPCollector.Session] = [:]
                for await event in events {
                    switch event {
                    case .peerUp(let key, let peer):
                        peers[key] = await collector.register(peer)
                    case .update(let key, let peer, let update):
                        let session: BGPCollector.Session
                        if let known = peers[key] { session = known } else {
                            session = await collector.register(peer)
                            peers[key] = session
                        }
                        await collector.apply(update, session: session)
                    case .peerDown(let key):
                        if let session = peers.removeValue(forKey: key) { await collector.end(session) }
                    case .ended:
                        for session in peers.values { await collector.end(session) }
                        peers.removeAll()
                    case .counted(let e):
                        await collector.count(e)
                    }
                }
            })
    }
}
