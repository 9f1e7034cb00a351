import Foundation
import TocsinCore
import TocsinGeo
import TocsinStore

/// Benchmark programs for the spine. Run in release mode:
///
///     swift build -c release --product tocsin-bench
///     .build/release/tocsin-bench generate FILE ROWS [SERIES]
///     .build/release/tocsin-bench parse FILE
///     .build/release/tocsin-bench query DATA_DIR
///     .build/release/tocsin-bench retention-year SERIES DAYS DATA_DIR|POSTGRES_URL
///
/// See BENCHMARKS.md for the numbers and the side-by-side commands.
@main
enum Bench {
    static func main() async throws {
        let args = CommandLine.arguments.dropFirst()
        switch (args.first, args.count) {
        case ("generate", 3), ("generate", 4):
            try generate(path: args[args.startIndex + 1], rows: Int(args[args.startIndex + 2])!, series: args.count == 4 ? Int(args[args.startIndex + 3])! : 4000)
        case ("parse", 2): try parse(path: args[args.startIndex + 1])
        case ("query", 2): try await query(data: args[args.startIndex + 1])
        case ("geo-export-ipasn", 2): try GeoBench.exportIPASN(to: args[args.startIndex + 1])
        case ("geo-addresses", 4):
            try GeoBench.writeAddresses(to: args[args.startIndex + 1], count: Int(args[args.startIndex + 2])!, kind: args[args.startIndex + 3])
        case ("geo-build", 1): try GeoBench.build()
        case ("detect-batch", 3): DetectBench.batch(countries: Int(args[args.startIndex + 1])!, weeks: Int(args[args.startIndex + 2])!)
        case ("live-tick", 4):
            try await LiveBench.ticks(entities: Int(args[args.startIndex + 1])!, weeks: Int(args[args.startIndex + 2])!, folder: args[args.startIndex + 3])
        case ("retention-year", 4):
            try await RetentionBench.year(series: Int(args[args.startIndex + 1])!, days: Int(args[args.startIndex + 2])!, location: args[args.startIndex + 3])
        case ("detect-stream", 3): DetectBench.streaming(entities: Int(args[args.startIndex + 1])!, warmupDays: Int(args[args.startIndex + 2])!)
        case ("bgp-ingest", _) where args.count >= 3:
            let rest = Array(args.dropFirst(2))
            try BGPBench.ingest(paths: rest.filter { $0 != "--no-geo" }, copies: Int(args[args.startIndex + 1])!, geography: !rest.contains("--no-geo"))
        case ("probe-schedule", 2): ProbeBench.schedule(blocks: Int(args[args.startIndex + 1])!)
        case ("probe-rate", 4): try ProbeBench.rate(prefix: args[args.startIndex + 1], rate: Double(args[args.startIndex + 2])!, passes: Int(args[args.startIndex + 3])!)
        case ("flow-capture", 4): try FlowBench.capture(path: args[args.startIndex + 1], records: Int(args[args.startIndex + 2])!, port: UInt16(args[args.startIndex + 3])!)
        case ("flow-capture", 6):
            let mac = args[args.startIndex + 5].split(separator: ":").compactMap { UInt8($0, radix: 16) }
            try FlowBench.capture(path: args[args.startIndex + 1], records: Int(args[args.startIndex + 2])!, port: UInt16(args[args.startIndex + 3])!,
                                  destination: IPv4Address(args[args.startIndex + 4])!.value, mac: mac)
        case ("flow-decode", _) where args.count >= 3:
            try FlowBench.decode(path: args[args.startIndex + 1], copies: Int(args[args.startIndex + 2])!, geography: !args.contains("--no-geo"))
        case ("flow-listen", 4): try await FlowBench.listen(host: args[args.startIndex + 1], port: Int(args[args.startIndex + 2])!, seconds: Int(args[args.startIndex + 3])!)
        case ("geo-lookup", 3): try GeoBench.lookup(ipasn: args[args.startIndex + 1], addresses: args[args.startIndex + 2])
        default:
            FileHandle.standardError.write(Data("usage: tocsin-bench generate FILE ROWS [SERIES] | parse FILE | query DATA_DIR | geo-export-ipasn FILE | geo-addresses FILE N random|clustered | geo-build | geo-lookup IPASN ADDRESSES | detect-batch COUNTRIES WEEKS | bgp-ingest COPIES [--no-geo] MRT... | probe-schedule BLOCKS | probe-rate PREFIX RATE PASSES | flow-capture FILE RECORDS PORT [DST_IP DST_MAC] | flow-decode FILE COPIES [--no-geo] | flow-listen HOST PORT SECONDS | detect-stream ENTITIES WARMUP_DAYS | live-tick ENTITIES WEEKS DATA_DIR | retention-year SERIES DAYS DATA_DIR|POSTGRES_URL\n".utf8))
            exit(64)
        }
    }

    /// A Signals CSV shaped like real use: `series` series (entities × 4 signals), consecutive
    /// bins, one series after another, values with a daily cycle and one decimal.
    static func generate(path: String, rows: Int, series: Int) throws {
        let signals = ["bgp", "probing", "traffic", "bgp6"]
        // Distinct entities (at most 676 × 4): asn, country, region, mobile group in turn.
        let entities = (0..<max(1, series / 4)).map { i -> String in
            switch i % 4 {
            case 0: return "asn/\(1000 + i)"
            case 1: return "country/\(code(i / 4))"
            case 2: return "region/\(code(i / 4))-\(i % 900 + 10)"
            default: return "country/\(code(i / 4))/mobile"
            }
        }
        let perSeries = max(1, rows / (entities.count * signals.count))
        FileManager.default.createFile(atPath: path, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer = Array((SignalsCSV.header + "\n").utf8)
        var written = 0
        let start: Int64 = 1_640_995_200
        outer: for entity in entities {
            for signal in signals {
                for i in 0..<perSeries {
                    guard written < rows else { break outer }
                    let v = (1000 + 300 * sin(Double(i) * 2 * .pi / 288) + Double(written % 7)).rounded() / 10
                    buffer.append(contentsOf: "\(start + Int64(i) * 300),\(entity),\(signal),\(v)\n".utf8)
                    written += 1
                    if buffer.count > 1 << 20 {
                        out.write(Data(buffer))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        out.write(Data(buffer))
        try out.close()
        print("wrote \(written) rows to \(path)")
    }

    static func code(_ i: Int) -> String {
        let a = UInt8(65 + (i / 26) % 26), b = UInt8(65 + i % 26)
        return String(decoding: [a, b], as: UTF8.self)
    }

    /// Parses a Signals CSV without storing it: rows per second.
    static func parse(path: String) throws {
        let clock = ContinuousClock()
        var rows = 0
        var errors = 0
        var checksum = 0.0
        let elapsed = try clock.measure {
            var parser = SignalsCSVParser(source: path)
            var splitter = LineSplitter()
            func handle(_ line: UnsafeBufferPointer<UInt8>, _ n: Int) {
                switch parser.parse(line: line, number: n) {
                case .point(let p): rows += 1; checksum += p.value ?? 0
                case .error: errors += 1
                case .skip: break
                }
            }
            try FileChunkReader(path: path).forEachChunk { splitter.feed($0, handle) }
            splitter.finish(handle)
        }
        let seconds = elapsed.seconds
        print("parsed \(rows) rows (\(errors) errors, checksum \(checksum)) in \(String(format: "%.3f", seconds)) s: \(String(format: "%.2f", Double(rows) / seconds / 1e6)) M rows/s")
    }

    /// Range queries of 30 days (8,640 points) of one series, on a store already filled: a
    /// data folder, or a `postgresql://` URL.
    static func query(data: String) async throws {
        let store = try await StoreLocation(argument: data).open()
        let keys = try await store.seriesKeys(entity: nil)
        print(try await RangeQueries.measure(store, keys: keys) { try await store.timeRange($0)?.lowerBound })
        await store.close()
    }
}
