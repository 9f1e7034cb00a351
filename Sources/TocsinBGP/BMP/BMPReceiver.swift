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
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BMPMessageDecoder()))
                try channel.pipeline.syncOperations.addHandler(BMPSessionHandler(configuration: configuration, events: events, logger: logger))
            },
            consume: { (events: AsyncStream<BMPSessionEvent>) in
                var peers: [BMPPeerKey: Int] = [:]
                for await event in events {
                    switch event {
                    case .peerUp(let key, let peer):
                        let index = await collector.register(peer)
                        await collector.clear(peer: index)
                        peers[key] = index
                    case .update(let key, let peer, let update):
                        let index: Int
                        if let known = peers[key] { index = known } else {
                            index = await collector.register(peer)
                            peers[key] = index
                        }
                        await collector.apply(update, peer: index)
                    case .peerDown(let key):
                        if let index = peers.removeValue(forKey: key) { await collector.clear(peer: index) }
                    case .ended:
                        for index in peers.values { await collector.clear(peer: index) }
                        peers.removeAll()
                    case .counted(let e):
                        await collector.count(e)
                    }
                }
            })
    }
}
