import Foundation
import Testing
import TocsinBGP
import TocsinGeo
import TocsinTestSupport

/// The passive speaker against a scripted peer: the right NOTIFICATION for each kind of
/// bad input, never a crash, and routes kept only while a session lives.
@Suite("BGP speaker", .serialized, .timeLimit(.minutes(1)))
struct BGPSpeakerTests {
    static func open(asn: UInt32 = 65001, hold: UInt16 = 30, fourOctet: Bool = true, version: UInt8 = 4) -> [UInt8] {
        var message = BGPOpen(asn: asn, holdTime: hold, identifier: 0x0A00_0001,
                              capabilities: fourOctet ? [.multiprotocol(afi: 1, safi: 1), .fourOctetAS(asn)] : []).encoded()
        message[19] = version
        return message
    }

    /// An UPDATE announcing `prefixes` (/24s of 10.x.y.0) from `origin` with 4-byte ASNs.
    static func update(origin: UInt32, prefixes: [(UInt8, UInt8)], asPath: [UInt8]? = nil) -> [UInt8] {
        let path = asPath ?? ([2, 2] + bytes(65001) + bytes(origin))
        var attributes: [UInt8] = [0x40, 1, 1, 0]                         // ORIGIN IGP
        attributes += [0x40, 2, UInt8(path.count)] + path                 // AS_PATH
        attributes += [0x40, 3, 4, 203, 0, 113, 1]                        // NEXT_HOP
        var nlri: [UInt8] = []
        for (a, b) in prefixes { nlri += [24, 10, a, b] }
        let body: [UInt8] = [0, 0, UInt8(attributes.count >> 8), UInt8(attributes.count & 0xFF)] + attributes + nlri
        return BGPMessageFrame.message(type: .update, body: body)
    }

    static func bytes(_ n: UInt32) -> [UInt8] { [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] }

    /// The NOTIFICATIONs (code, subcode) in what the speaker sent.
    static func notifications(_ stream: [UInt8]) -> [String] {
        var found: [String] = []
        var i = 0
        while i + 19 <= stream.count {
            let length = Int(stream[i + 16]) << 8 | Int(stream[i + 17])
            guard length >= 19, i + length <= stream.count else { break }
            if stream[i + 18] == 3 { found.append("\(stream[i + 19])/\(stream[i + 20])") }
            i += length
        }
        return found
    }

    static func start(_ configuration: BGPSpeakerConfiguration = BGPSpeakerConfiguration(port: 0)) async throws -> (BGPCollector, TCPListener) {
        let collector = BGPCollector(counter: VisibilityCounter(locator: AddressBlockLocator(ipv4: [(IPv4Prefix(masking: 0x0A00_0000, length: 8), "KZ")]),
                                                                thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0)))
        var c = configuration
        c.port = 0
        return (collector, try await BGPSpeaker.start(c, collector: collector))
    }

    @Test("bad input earns the RFC 4271 NOTIFICATION", arguments: [
        ("bad marker", [UInt8](repeating: 0, count: 19), "1/1"),
        ("bad length", [UInt8](repeating: 0xFF, count: 16) + [0x20, 0x00, 1], "1/2"),
        ("bad type", [UInt8](repeating: 0xFF, count: 16) + [0, 19, 9], "1/3"),
        ("version 3", open(version: 3), "2/1"),
        ("UPDATE before OPEN", update(origin: 1, prefixes: [(0, 0)]), "5/0"),
    ])
    func badInput(_ name: String, _ bytes: [UInt8], _ expected: String) async throws {
        let (_, listener) = try await Self.start()
        defer { Task { await listener.close() } }
        let client = try TCPTestClient(port: listener.port)
        client.send(bytes)
        let reply = client.receive(seconds: 5)
        #expect(reply.closed, "\(name): the session should be closed")
        #expect(Self.notifications(reply.bytes) == [expected], "\(name)")
    }

    @Test("a malformed UPDATE in an established session: NOTIFICATION 3/11, routes dropped")
    func malformedUpdate() async throws {
        let (collector, listener) = try await Self.start()
        defer { Task { await listener.close() } }
        let client = try TCPTestClient(port: listener.port)
        client.send(Self.open() + BGPMessageFrame.keepalive)
        client.send(Self.update(origin: 9198, prefixes: [(1, 0), (1, 1), (2, 0)]))
        let established = await waitUntil(seconds: 5) { await collector.peerRoutes().first?.ipv4 == 3 }
        #expect(established)
        #expect(await collector.measure().values[.init(entity: .asn(9198), signal: .bgp)] == 3)
        // AS_PATH segment claiming 5 ASNs with room for 1.
        client.send(Self.update(origin: 1, prefixes: [(3, 0)], asPath: [2, 5] + Self.bytes(65001)))
        let reply = client.receive(seconds: 5)
        #expect(reply.closed)
        #expect(Self.notifications(reply.bytes) == ["3/11"])
        let cleared = await waitUntil(seconds: 5) { await collector.peerRoutes().first?.ipv4 == 0 }
        #expect(cleared, "routes of a closed session must go")
        let counters = await collector.counters
        #expect(counters.notificationsSent["3/11"] == 1)
    }

    @Test("a router that reconnects keeps its new table when the old session ends")
    func reconnect() async throws {
        let (collector, listener) = try await Self.start()
        defer { Task { await listener.close() } }
        var old: TCPTestClient? = try TCPTestClient(port: listener.port)
        old?.send(Self.open() + BGPMessageFrame.keepalive + Self.update(origin: 9198, prefixes: [(1, 0), (1, 1), (1, 2)]))
        #expect(await waitUntil(seconds: 5) { await collector.peerRoutes().first?.ipv4 == 3 })
        let new = try TCPTestClient(port: listener.port)
        new.send(Self.open() + BGPMessageFrame.keepalive + Self.update(origin: 9198, prefixes: [(2, 0), (2, 1)]))
        #expect(await waitUntil(seconds: 5) {
            let (sessions, routes) = (await collector.counters.sessionsEstablished, await collector.peerRoutes().first?.ipv4)
            return sessions == 2 && routes == 2
        })
        old = nil  // the old session's TCP connection closes
        #expect(await waitUntil(seconds: 5) { await collector.counters.sessionsClosed >= 1 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(await collector.peerRoutes().first?.ipv4 == 2, "the old session's end must not wipe the new table")
        _ = new
    }

    @Test("a peer that falls silent: hold timer expiry, NOTIFICATION 4/0")
    func holdTimer() async throws {
        let (collector, listener) = try await Self.start(BGPSpeakerConfiguration(holdTime: 3))
        defer { Task { await listener.close() } }
        let client = try TCPTestClient(port: listener.port)
        client.send(Self.open(hold: 3) + BGPMessageFrame.keepalive)
        let reply = client.receive(seconds: 8)
        #expect(reply.closed)
        #expect(Self.notifications(reply.bytes) == ["4/0"])
        let counted = await waitUntil(seconds: 2) { await collector.counters.holdTimerExpiries == 1 }
        #expect(counted)
    }

    @Test("a peer with the wrong AS is refused with 2/2; two-byte sessions decode")
    func peerAS() async throws {
        let (_, listener) = try await Self.start(BGPSpeakerConfiguration(peers: ["127.0.0.1": 65002]))
        defer { Task { await listener.close() } }
        let client = try TCPTestClient(port: listener.port)
        client.send(Self.open(asn: 65001))
        #expect(Self.notifications(client.receive(seconds: 5).bytes) == ["2/2"])

        let (collector, second) = try await Self.start()
        defer { Task { await second.close() } }
        let old = try TCPTestClient(port: second.port)
        old.send(Self.open(asn: 65001, fourOctet: false) + BGPMessageFrame.keepalive)
        // 2-byte AS_PATH: 65001 29355
        old.send(Self.update(origin: 0, prefixes: [(9, 9)], asPath: [2, 2, 0xFD, 0xE9, 0x72, 0xAB]))
        let seen = await waitUntil(seconds: 5) { await collector.measure().values[.init(entity: .asn(29355), signal: .bgp)] == 1 }
        #expect(seen)
    }
}

