import Logging
import NIOCore
import NIOPosix

/// Tocsin's passive BGP speaker: routers peer with it as with a route collector, and every
/// session's routes go to the `BGPCollector`. It never announces anything.
public enum BGPSpeaker {
    public static func start(_ configuration: BGPSpeakerConfiguration, collector: BGPCollector,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             logger: Logger = Logger(label: "tocsin.bgp")) async throws -> TCPListener {
        try await TCPListener.start(
            host: configuration.host, port: configuration.port, group: group,
            pipeline: { channel, events in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthFramedDecoder.bgp()))
                try channel.pipeline.syncOperations.addHandler(BGPSessionHandler(configuration: configuration, events: events, logger: logger))
            },
            consume: { (events: AsyncStream<BGPSessionEvent>) in
                var session: BGPCollector.Session?
                for await event in events {
                    switch event {
                    case .up(let p):
                        session = await collector.register(p)
                        await collector.count(.established)
                    case .update(let update):
                        if let session { await collector.apply(update, session: session) }
                    case .down:
                        if let session { await collector.end(session) }
                        session = nil
                    case .counted(let e):
                        await collector.count(e)
                    }
                }
            })
    }
}
