import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Receives UDP datagrams on one address and sends a copy of each to local ports, on a
/// thread of its own, for at most `seconds`.
public final class UDPRelay: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var stopping = false
    private var count = 0

    public init(host: String, port: UInt16, to targets: [Int], seconds: Double) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { close(fd); throw DaemonError(reason: "relay cannot bind \(host):\(port)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = ContinuousClock.now + .seconds(seconds)
        Thread.detachNewThread { [self] in run(targets: targets, until: deadline) }
    }

    private func run(targets: [Int], until deadline: ContinuousClock.Instant) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline, !isStopping {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { continue }
            for target in targets {
                var to = sockaddr_in()
                to.sin_family = sa_family_t(AF_INET)
                to.sin_port = UInt16(target).bigEndian
                to.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                _ = buffer.withUnsafeBytes { bytes in
                    withUnsafePointer(to: &to) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes.baseAddress, n, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                }
            }
            lock.lock(); count += 1; lock.unlock()
        }
    }

    var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }
    public var relayed: Int { lock.lock(); defer { lock.unlock() }; return count }

    public func stop() {
        lock.lock(); stopping = true; lock.unlock()
        usleep(400_000)
        close(fd)
    }
}
