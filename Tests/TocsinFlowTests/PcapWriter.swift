import Foundation
import TocsinFlow

/// Raw export payloads as a capture tshark can read: 10.1.1.1 → 10.2.2.2, one port both ways.
enum PcapWriter {
    static func write(_ payloads: [[UInt8]], port: UInt16, to path: String) throws {
        var pcap = PacketCaptureWriter(source: 0x0A01_0101, destination: 0x0A02_0202, sourcePort: port, destinationPort: port)
        for (i, payload) in payloads.enumerated() { pcap.append(payload, time: UInt32(1_600_000_000 + i)) }
        try Data(pcap.bytes).write(to: URL(fileURLWithPath: path))
    }
}
