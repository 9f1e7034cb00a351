import Testing
import TocsinCore
import TocsinGeo
import TocsinProbe

/// The echo codec, the rate limiter and the belief update, without a network.
@Suite("Probing codec and rules")
struct ICMPEchoTests {
    /// An IPv4 packet around an ICMP message, as a raw socket hands it over.
    static func ipv4(from source: UInt32, _ icmp: [UInt8], protocol proto: UInt8 = 1) -> [UInt8] {
        var header: [UInt8] = [0x45, 0, 0, UInt8(20 + icmp.count), 0, 0, 0, 0, 64, proto, 0, 0,
                               UInt8(source >> 24), UInt8((source >> 16) & 0xFF), UInt8((source >> 8) & 0xFF), UInt8(source & 0xFF), 10, 0, 0, 1]
        let sum = ICMPEcho.checksum(header)
        header[10] = UInt8(sum >> 8); header[11] = UInt8(sum & 0xFF)
        return header + icmp
    }

    /// The reply a host sends to `request`: type 0, checksum fixed.
    static func reply(to request: [UInt8]) -> [UInt8] {
        var r = request
        r[0] = 0; r[2] = 0; r[3] = 0
        let sum = ICMPEcho.checksum(r)
        r[2] = UInt8(sum >> 8); r[3] = UInt8(sum & 0xFF)
        return r
    }

    @Test func requestsAndReplies() {
        let request = ICMPEcho.request(identifier: 0xBEEF, sequence: 7, nonce: 0x0102_0304_0506_0708, sentAt: 42)
        #expect(request.count == 24 && ICMPEcho.checksum(request) == 0)
        let good = ICMPEcho.reply(ipv4: Self.ipv4(from: 0x0A01_0203, Self.reply(to: request)), identifier: 0xBEEF, nonce: 0x0102_0304_0506_0708)
        #expect(good == .success(.init(source: 0x0A01_0203, identifier: 0xBEEF, sequence: 7, nonce: 0x0102_0304_0506_0708, sentAt: 42)))
        // What a raw socket also sees, and must ignore:
        #expect(ICMPEcho.reply(ipv4: Self.ipv4(from: 1, request), identifier: 0xBEEF, nonce: 0x0102_0304_0506_0708) == .failure(.notEchoReply(type: 8)))
        var corrupt = Self.reply(to: request)
        corrupt[12] ^= 0xFF
        #expect(ICMPEcho.reply(ipv4: Self.ipv4(from: 1, corrupt), identifier: 0xBEEF, nonce: 0x0102_0304_0506_0708) == .failure(.badChecksum))
        #expect(ICMPEcho.reply(ipv4: Self.ipv4(from: 1, Self.reply(to: request)), identifier: 0xBEEE, nonce: 0x0102_0304_0506_0708) == .failure(.foreignIdentifier))
        #expect(ICMPEcho.reply(ipv4: Self.ipv4(from: 1, Self.reply(to: request)), identifier: 0xBEEF, nonce: 9) == .failure(.foreignNonce))
        #expect(ICMPEcho.reply(ipv4: Self.ipv4(from: 1, Self.reply(to: request), protocol: 6), identifier: 0xBEEF, nonce: 1) == .failure(.notICMP))
        #expect(ICMPEcho.reply(ipv4: Array(Self.ipv4(from: 1, Self.reply(to: request)).prefix(30)), identifier: 0xBEEF, nonce: 1) == .failure(.truncated))
        #expect(ICMPEcho.reply(ipv4: [0x4F] + [UInt8](repeating: 0, count: 30), identifier: 0xBEEF, nonce: 1) == .failure(.truncated))
    }

    @Test("ICMPv6 echo: type 128 out with the checksum left to the kernel, type 129 back")
    func icmpv6() {
        let request = ICMPEcho.request(IPv6.self, identifier: 0xBEEF, sequence: 1, nonce: 77, sentAt: 5)
        #expect(request[0] == 128 && request[2] == 0 && request[3] == 0 && request.count == 24)
        var reply = request
        reply[0] = 129
        let source: UInt128 = 0xFD00_0203_0001 << 80 | 1
        #expect(IPv6.icmpMessage(reply[...]).flatMap {
            ICMPEcho.reply(message: $0, from: source, type: IPv6.echoReplyType, verifyChecksum: false, identifier: 0xBEEF, nonce: 77)
        } == .success(.init(source: source, identifier: 0xBEEF, sequence: 1, nonce: 77, sentAt: 5)))
        #expect(ICMPEcho.reply(message: request[...], from: source, type: 129, verifyChecksum: false, identifier: 0xBEEF, nonce: 77) == .failure(.notEchoReply(type: 128)))
        #expect(ICMPEcho.reply(message: reply.prefix(20), from: source, type: 129, verifyChecksum: false, identifier: 0xBEEF, nonce: 77) == .failure(.truncated))
        #expect(IPv6.block(of: source) == 0xFD00_0203_0001 && IPv6.prefix(ofBlock: 0xFD00_0203_0001).description == "fd00:203:1::/48")
    }

    @Test("blocks survive the store's packing, IPv4 and IPv6")
    func packing() {
        let v4 = TrackedBlock<IPv4>(block: 0x0ACB01, hosts: [1, 7, 255], availability: 0.5, up: false, changedAt: 42)
        let back4 = TrackedBlock<IPv4>(prefix: v4.prefixText, packedHosts: v4.packedHosts, availability: 0.5, up: false, changedAt: 42)
        #expect(v4.packedHosts == [1, 7, 255] && back4 == v4 && back4?.prefixText == "10.203.1.0/24")
        let v6 = TrackedBlock<IPv6>(block: 0xFD00_0203_0002, hosts: [1, 0xFFFF_FFFF_FFFF_FFFF_FFFF, 0x20], availability: 1)
        #expect(v6.packedHosts.count == 30)
        #expect(TrackedBlock<IPv6>(prefix: "fd00:203:2::/48", packedHosts: v6.packedHosts, availability: 1, up: true, changedAt: nil)?.hosts == v6.hosts)
        #expect(TrackedBlock<IPv6>(prefix: "fd00:203:2::/64", packedHosts: v6.packedHosts, availability: 1, up: true, changedAt: nil) == nil, "not a /48")
        #expect(TrackedBlock<IPv6>(prefix: "fd00:203:2::/48", packedHosts: [1, 2, 3], availability: 1, up: true, changedAt: nil) == nil, "hosts cut short")
        #expect(TrackedBlock<IPv4>(prefix: "10.0.0.0/24", packedHosts: [], availability: 1, up: true, changedAt: nil) == nil)
    }

    @Test("the rate limit holds whatever the rate, burst and polling")
    func tokenBucket() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let rate = Double(1 + rng.next() % 100_000), burst = Double(1 + rng.next() % 1_000)
            var bucket = TokenBucket(rate: rate, burst: burst, now: 0)
            var now: UInt64 = 0, taken = 0
            let horizon: UInt64 = 2_000_000_000
            while now < horizon {
                if let wait = bucket.take(now: now) { now += 1 + wait * (rng.next() % 3) } else { taken += 1; now += rng.next() % UInt64(max(1, 1e9 / rate)) }
            }
            #expect(Double(taken) <= burst + rate * Double(horizon) / 1e9 + 1, "rate \(rate) burst \(burst): \(taken)")
            #expect(Double(taken) >= rate * Double(horizon) / 1e9 * 0.5, "rate \(rate): the limiter should not starve (\(taken))")
        }
    }

    @Test("Trinocular rounds on a model: outages seen within one round, uncertainty kept")
    func beliefModel() {
        var blocks = (0..<4).map { TrackedBlock<IPv4>(block: 0x0ACB00 + UInt32($0), hosts: Array(1...20), availability: [1.0, 0.8, 0.5, 0.2][$0]) }
        var down: Set<UInt32> = []
        let availability = Dictionary(uniqueKeysWithValues: blocks.map { ($0.block, $0.availability) })
        func model(_ targets: [UInt32]) -> Set<UInt32> {
            // Each block answers at its availability, deterministically per address.
            Set(targets.filter { t in !down.contains(t >> 8) && Double(t & 0xFF) <= availability[t >> 8]! * 20 })
        }
        var outcome = ProbeRound.run(&blocks, time: 0, probe: model)
        #expect(blocks.allSatisfy(\.up) && outcome.changes.isEmpty)
        down = Set(blocks.map(\.block))
        outcome = ProbeRound.run(&blocks, time: 600, probe: model)
        #expect(outcome.changes.map(\.prefix) == ["10.203.0.0/24", "10.203.1.0/24", "10.203.2.0/24"], "low-availability blocks need more than 14 probes")
        #expect(blocks[3].up && outcome.undecided == 1)
        down = []
        outcome = ProbeRound.run(&blocks, time: 1200, probe: model)
        #expect(blocks.allSatisfy(\.up) && outcome.changes.count == 3 && outcome.changes.allSatisfy(\.up), "\(blocks.map(\.up)) \(outcome.changes)")
        #expect(TrackedBlock<IPv4>(block: 1, hosts: Array(1...14), availability: 1).isEligible == false)
        #expect(TrackedBlock<IPv4>(block: 1, hosts: Array(1...15), availability: 0.09).isEligible == false)
    }

    @Test("a round's blocks spread over even slots, each block keeping its slot")
    func slots() {
        let blocks = (0..<1_000).map { TrackedBlock<IPv4>(block: 0x0A00_00 + UInt32($0), hosts: Array(1...20), availability: 1) }
        let groups = ProbeRound.slots(blocks, count: 60)
        #expect(groups.count == 60 && groups.map(\.count).reduce(0, +) == 1_000)
        #expect(groups.allSatisfy { (16...17).contains($0.count) }, "\(groups.map(\.count))")
        #expect(ProbeRound.slots(blocks, count: 60) == groups)
        #expect(ProbeRound.slots(Array(blocks.prefix(3)), count: 60).count == 3)
    }
}
