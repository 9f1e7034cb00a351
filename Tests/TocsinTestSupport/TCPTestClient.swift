import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client on loopback for protocol tests: send bytes, read what comes back
/// until the server closes or a deadline passes.
public final class TCPTestClient {
    private let fd: Int32

    public init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            close(fd)
            throw DaemonError(reason: "cannot connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything received until the peer closes, `limit` bytes arrive, or `seconds` pass.
    public func receive(seconds: Double, limit: Int = 1 << 20) -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline, received.count < limit {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = (deadline - ContinuousClock.now).components
            let wait = Int32(max(1, Double(left.seconds) * 1000 + Double(left.attoseconds) * 1e-15))
            guard poll(&poller, 1, wait) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (received, true) }
            received += buffer[0..<n]
        }
        return (received, false)
    }
}
