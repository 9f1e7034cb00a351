import TocsinGeo
#if canImport(Glibc)
import Glibc
#endif

/// A raw ICMP socket of one address family (ICMP for IPv4, ICMPv6 for IPv6). Opening one
/// needs root or CAP_NET_RAW; without, the error says so.
public final class ICMPSocket<Family: ProbeFamily>: @unchecked Sendable {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1500)

    public init() throws(ProbeError) {
        let s = socket(Family.socketDomain, Int32(SOCK_RAW.rawValue), Family.socketProtocol)
        guard s >= 0 else {
            let code = errno
            if code == EPERM || code == EACCES {
                throw .permission("active probing needs raw sockets: run tocsin as root, or give it the capability with `setcap cap_net_raw+ep $(command -v tocsin)`")
            }
            throw .system("cannot open a raw \(Family.name) ICMP socket: \(String(cString: strerror(code)))")
        }
        fd = s
        // Replies arrive in bursts at high rates: ask for 8 MiB (past rmem_max where allowed).
        var size: Int32 = 8 << 20
        if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if Family.socketDomain == AF_INET6 {
            // Echo replies only (ICMP6_FILTER, RFC 3542: a set bit blocks its type):
            // neighbour discovery, MLD and router advertisements would wake the prober for nothing.
            var filter = [UInt32](repeating: 0xFFFF_FFFF, count: 8)
            let reply = Int(Family.echoReplyType)
            filter[reply >> 5] &= ~(UInt32(1) << UInt32(reply & 31))
            _ = filter.withUnsafeBytes { setsockopt(fd, Int32(IPPROTO_ICMPV6), 1, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    deinit { close(fd) }

    /// Sends one ICMP message to `address`; false if the kernel refused it.
    public func send(_ packet: [UInt8], to address: Family.Bits) -> Bool {
        let sent = packet.withUnsafeBytes { bytes in
            Family.withSocketAddress(address) { sendto(fd, bytes.baseAddress, bytes.count, 0, $0, $1) }
        }
        return sent == packet.count
    }

    /// Waits up to `nanoseconds` for a datagram; hands it (an IPv4 socket includes the IP
    /// header) and its sender to `body`, or returns nil when nothing came.
    public func receive<R>(nanoseconds: UInt64, _ body: (ArraySlice<UInt8>, Family.Bits?) -> R) -> R? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready = poll(&poller, 1, Int32(min(nanoseconds / 1_000_000, 60_000)))
        if ready == 0, nanoseconds > 0, nanoseconds < 1_000_000 {
            // poll(2) counts in milliseconds: sleep the fraction, then look again.
            var pause = timespec(tv_sec: 0, tv_nsec: Int(nanoseconds))
            nanosleep(&pause, nil)
            ready = poll(&poller, 1, 0)
        }
        guard ready > 0 else { return nil }
        var from = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = buffer.withUnsafeMutableBytes { bytes in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, bytes.baseAddress, bytes.count, 0, $0, &length) }
            }
        }
        guard n > 0 else { return nil }
        return body(buffer[0..<n], Family.source(from))
    }
}

/// Why probing cannot go on.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    case permission(String)
    case system(String)
    case refused(String)

    public var description: String {
        switch self {
        case .permission(let s), .system(let s), .refused(let s): s
        }
    }
}
