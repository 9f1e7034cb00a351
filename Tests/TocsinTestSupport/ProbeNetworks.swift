import Foundation

/// Three "networks" in network namespaces a test makes: 10.203.k.0/24 (k = 1...3) behind a
/// veth each, twenty hosts answering (.1–.20), the rest silent; network 1 also answers for
/// every address of 10.203.16.0/20 (sixteen more blocks, a "local" route). Each also has the
/// IPv6 block fd00:203:k::/48 with twenty hosts (::1–::14 hex). `unreachable` routes for
/// 10.203.0.0/16 and fd00:203::/32 make sure probes never follow a default route out.
/// Needs root.
public enum ProbeNetworks {
    public static let networks = 1...3


    public static func setUp() throws {
        tearDown()
        try ip("route add unreachable 10.203.0.0/16 metric 4000")
        try ip("-6 route add unreachable fd00:203::/32 metric 4000")
        for k in networks {
            let a = 4 * k - 3, b = 4 * k - 2
            try ip("netns add tocsin-pr\(k)")
            try ip("link add tprb\(k) type veth peer name e0 netns tocsin-pr\(k)")
            try ip("addr add 10.203.0.\(a)/30 dev tprb\(k)")
            try ip("link set tprb\(k) up")
            try ip("-n tocsin-pr\(k) addr add 10.203.0.\(b)/30 dev e0")
            try ip("-n tocsin-pr\(k) link set e0 up")
            try ip("-n tocsin-pr\(k) link set lo up")
            for h in 1...20 { try ip("-n tocsin-pr\(k) addr add 10.203.\(k).\(h)/32 dev lo") }
            try ip("-n tocsin-pr\(k) route add default via 10.203.0.\(a)")
            try ip("route add 10.203.\(k).0/24 via 10.203.0.\(b)")
            _ = try ExternalTool.run("ip", ["netns", "exec", "tocsin-pr\(k)", "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0",
                                            "net.ipv6.icmp.ratelimit=0", "net.ipv6.conf.e0.keep_addr_on_down=1"])
            try ip("addr add fd00:203:0:\(k)::1/64 dev tprb\(k) nodad")
            try ip("-n tocsin-pr\(k) addr add fd00:203:0:\(k)::2/64 dev e0 nodad")
            for h in 1...20 { try ip("-n tocsin-pr\(k) addr add fd00:203:\(k)::\(String(h, radix: 16))/128 dev lo") }
            try ipv6Routes(k)
        }
        try ip("-n tocsin-pr1 route add local 10.203.16.0/20 dev lo")
        try ip("route add 10.203.16.0/20 via 10.203.0.2")
    }

    /// Network `k`'s hosts stop answering echo requests (or start again), IPv4 and IPv6:
    /// a data-plane outage far away, where probes still leave and go unanswered. (Taking
    /// the link down instead makes the kernel refuse IPv6 probes for want of a next hop,
    /// which the prober rightly counts as no evidence.)
    public static func silence(_ k: Int, _ silent: Bool) throws {
        let r = try ExternalTool.run("ip", ["netns", "exec", "tocsin-pr\(k)", "sysctl", "-q", "-w",
                                            "net.ipv4.icmp_echo_ignore_all=\(silent ? 1 : 0)", "net.ipv6.icmp.echo_ignore_all=\(silent ? 1 : 0)"])
        if r.status != 0 { throw DaemonError(reason: "sysctl in tocsin-pr\(k): \(r.stderr)") }
    }

    /// The IPv6 routes to and from network `k` (taking its link down removes them).
    public static func ipv6Routes(_ k: Int) throws {
        try ip("-n tocsin-pr\(k) -6 route replace default via fd00:203:0:\(k)::1")
        try ip("-6 route replace fd00:203:\(k)::/48 via fd00:203:0:\(k)::2")
    }

    public static func tearDown() {
        for k in networks {
            _ = try? ExternalTool.run("ip", ["link", "del", "tprb\(k)"])
            _ = try? ExternalTool.run("ip", ["netns", "del", "tocsin-pr\(k)"])
        }
        _ = try? ExternalTool.run("ip", ["route", "del", "10.203.16.0/20"])
        _ = try? ExternalTool.run("ip", ["route", "del", "unreachable", "10.203.0.0/16", "metric", "4000"])
        _ = try? ExternalTool.run("ip", ["-6", "route", "del", "unreachable", "fd00:203::/32", "metric", "4000"])
    }

    /// IPv6 addresses fping (Debian) finds alive among `targets`.
    public static func fping6(_ targets: [String]) throws -> Set<String> {
        let r = try ExternalTool.run("fping", ["-6", "-a", "-q", "-r", "1", "-t", "300"] + targets, timeout: 60)
        return Set(r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// Addresses fping (Debian) finds alive among `targets` (host order).
    public static func fping(_ targets: [UInt32]) throws -> Set<UInt32> {
        let text = targets.map { "\($0 >> 24).\(($0 >> 16) & 0xFF).\(($0 >> 8) & 0xFF).\($0 & 0xFF)" }
        let r = try ExternalTool.run("fping", ["-a", "-q", "-r", "1", "-t", "300"] + text, timeout: 60)
        return Set(r.stdout.split(separator: "\n").compactMap { line -> UInt32? in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ".").compactMap { UInt32($0) }
            guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
            return parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]
        })
    }
}
