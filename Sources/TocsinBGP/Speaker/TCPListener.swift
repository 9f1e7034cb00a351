import Logging
import NIOCore
import NIOPosix

/// A TCP listener whose connections each get a fresh pipeline and an ordered stream of
/// events consumed by one task; the shell around the BGP speaker and the BMP receiver.
public final class TCPListener: Sendable {
    private let channel: any Channel
    /// The port actually bound (useful when 0 was asked for).
    public let port: Int

    /// Binds and starts accepting. `pipeline` adds the handlers of one connection, which
    /// report to the continuation; `consume` runs once per connection over those events.
    static func start<Event: Sendable>(
        host: String, port: Int, group: any EventLoopGroup,
        pipeline: @escaping @Sendable (any Channel, AsyncStream<Event>.Continuation) throws -> Void,
        consume: @escaping @Sendable (AsyncStream<Event>) async -> Void
    ) async throws -> TCPListener {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { channel in
                let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
                Task { await consume(stream) }
                return channel.eventLoop.makeCompletedFuture { try pipeline(channel, continuation) }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return TCPListener(channel: channel, port: channel.localAddress?.port ?? port)
    }

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Stops accepting; open connections end when their peers go or the group shuts down.
    public func close() async {
        try? await channel.close().get()
    }
}
