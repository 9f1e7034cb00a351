#if canImport(Glibc)
import Glibc
#endif

/// A raw IPv4 ICMP socket. Opening one needs root or CAP_NET_RAW; without, the error says so.
public final class ICMPSocket: @unchecked Sendable {
    private let fd: Int32

    public init() throws(ProbeError) {
        let s = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP))
        guard s >= 0 else {
            let code = errno
            if code == EPERM || code == EACCES {
                throw .permission("active probing needs raw sockets: run tocsin as root, or give it the capability with `setcap cap_net_raw+ep $(command -v tocsin)`")
            }
            throw .system("cannot open a raw ICMP socket: \(String(cString: strerror(code)))")
        }
        fd = s
        // Replies arrive in bursts at high rates: ask for 8 MiB (past rmem_max where allowed).
        var size: Int32 = 8 << 20
        if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(fd) }

    /// Sends one ICMP message to `address` (host order); false if the kernel refused it.
    public func send(_ packet: [UInt8], to address: UInt32) -> Bool {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_addr.s_addr = address.bigEndian
        let sent = packet.withUnsafeBytes { bytes in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return sent == packet.count
    }

    /// Waits up to `nanoseconds` for a packet; returns it (IP header included) or nil.
    public func receive(nanoseconds: UInt64) -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready = poll(&poller, 1, Int32(min(nanoseconds / 1_000_000, 60_000)))
        if ready == 0, nanoseconds > 0, nanoseconds < 1_000_000 {
            // poll(2) counts in milliseconds: sleep the fraction, then look again.
            var pause = timespec(tv_sec: 0, tv_nsec: Int(nanoseconds))
            nanosleep(&pause, nil)
            ready = poll(&poller, 1, 0)
        }
        guard ready > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1500)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Array(buffer[0..<n])
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
