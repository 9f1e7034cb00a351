import ArgumentParser
import Foundation
import TocsinFlow
import TocsinGeo

/// `tocsin flows`: flow exports (NetFlow v5/v9, IPFIX, sFlow v5) read offline.
struct Flows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read flow exports offline: check an exporter, replay a capture.",
        subcommands: [FlowsDecode.self]
    )
}

/// `tocsin flows decode FILE...`
struct FlowsDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode flow exports from captures (pcap, pcapng) or raw datagram files: one JSON line per flow record.",
        discussion: """
            Captures: every UDP datagram is decoded as coming from its source address. Raw files (one UDP payload each; \
            concatenated NetFlow v5 datagrams or IPFIX messages are split by their lengths) count as sent by --exporter. \
            Templates carry over from file to file, so give template files before data files. Problems go to stderr with \
            the file, packet and byte offset, and the rest goes on. Fields: exporter, protocol (netflow5, netflow9, ipfix, \
            sflow5), domain, src, dst, sport, dport, proto, tos, bytes, packets (as exported, not scaled), sampling, start \
            and end (Unix ms), in, out.
            """
    )

    @Option(help: "The exporter address raw datagram files count as sent by.")
    var exporter = "0.0.0.0"
    @Argument(help: "Captures or raw datagram files.")
    var files: [String]

    func run() throws {
        guard let rawExporter = IPAddress(exporter) else { throw ValidationError("--exporter \(exporter) is not an address") }
        let decoder = FlowDecoder()
        var out = OutputBuffer()
        var records: [FlowRecord] = []
        for file in files {
            // Mapped, so the file is in memory once (as the bytes the decoders read).
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else { throw CLIError("cannot read \(file)") }
            let bytes = [UInt8](data)
            let emit = { (payload: ArraySlice<UInt8>, from: IPAddress, time: Int64, packet: Int) in
                records.removeAll(keepingCapacity: true)
                let info = payload.withUnsafeBytes { raw in
                    decoder.decode(raw, exporter: from, now: time, into: &records) { problem in
                        StandardError.print("\(file): datagram \(packet): \(problem)")
                    }
                }
                guard let info else { return }
                for r in records { out.line(FlowRecordJSON.line(r, exporter: from.description, info: info)) }
            }
            if PacketCapture.isCapture(bytes) {
                do {
                    try PacketCapture.datagrams(bytes) { d in emit(d.payload, d.source, d.time, d.packet) }
                } catch {
                    StandardError.print("\(file): \(error)")
                }
            } else {
                let now = Int64(Date().timeIntervalSince1970)
                for (i, piece) in RawDatagrams.split(bytes).enumerated() { emit(piece, rawExporter, now, i + 1) }
            }
        }
        out.flush()
        let c = decoder.counters
        StandardError.print("\(c.datagrams) datagrams, \(c.records) records, \(c.errors) problems"
            + (c.issues.isEmpty ? "" : " (" + c.issues.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ") + ")"))
    }
}
