/// The Signals CSV interchange format: header `time,entity,signal,value`.
///
/// `time` is Unix seconds or RFC 3339 (UTC or with an offset); `value` is a number, or empty
/// for "no data" (a gap is not a zero). Rows may come in any order. A time that is not on a
/// 5-minute bin is rounded down to its bin; the parser counts such rows so the caller can
/// say so once.
public enum SignalsCSV {
    public static let header = "time,entity,signal,value"
    /// 9999-12-31T23:59:59Z: later times are refused, as are times before 1970.
    public static let latestTime: Int64 = 253_402_300_799

    /// One CSV line for a point (time as Unix seconds).
    public static func line(_ point: SignalPoint) -> String {
        let value = point.value.map(formatValue) ?? ""
        return "\(point.time),\(point.entity.rawValue),\(point.signal.rawValue),\(value)"
    }

    /// The shortest text that reads back as the same `Double`; integers without `.0`.
    public static func formatValue(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// Parses a whole document held in memory (for small inputs and tests).
    public static func parse(_ text: String, source: String = "<input>") -> (points: [SignalPoint], errors: [InterchangeError], rounded: Int) {
        var parser = SignalsCSVParser(source: source)
        var splitter = LineSplitter()
        var points: [SignalPoint] = []
        var errors: [InterchangeError] = []
        func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) {
            switch parser.parse(line: line, number: number) {
            case .point(let p): points.append(p)
            case .error(let e): errors.append(e)
            case .skip: break
            }
        }
        splitter.feed(Array(text.utf8), handle)
        splitter.finish(handle)
        if let missing = parser.missingHeaderError(lastLine: splitter.lineNumber) { errors.append(missing) }
        return (points, errors, parser.roundedCount)
    }
}

/// Parses Signals CSV one line at a time; keeps the little state the format needs (header
/// seen, rows rounded to their bin) and caches the last entity and signal, since rows of one
/// series usually come together.
public struct SignalsCSVParser {
    /// What one line turned out to be.
    public enum Line {
        case point(SignalPoint)
        case skip
        case error(InterchangeError)
    }

    public let source: String
    /// Rows whose time was not on a bin and was rounded down.
    public private(set) var roundedCount = 0
    /// The first such row, for the message.
    public private(set) var firstRoundedLine: Int?
    private var headerSeen = false
    private var lastEntityBytes: [UInt8] = []
    private var lastEntity: EntityID?
    private var lastSignalBytes: [UInt8] = []
    private var lastSignal: SignalName?

    public init(source: String) { self.source = source }

    /// An error to report when the input ended without ever showing the header.
    public func missingHeaderError(lastLine: Int) -> InterchangeError? {
        headerSeen ? nil : InterchangeError(source: source, line: max(lastLine, 1), reason: "no header: expected '\(SignalsCSV.header)'")
    }

    public mutating func parse(line raw: UnsafeBufferPointer<UInt8>, number: Int) -> Line {
        var line = raw
        if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeBufferPointer(rebasing: line[3...])
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skip }
        guard headerSeen else {
            if String(decoding: line, as: UTF8.self).replacing(" ", with: "") == SignalsCSV.header {
                headerSeen = true
                return .skip
            }
            return fail(number, "expected the header '\(SignalsCSV.header)' before any row")
        }
        if line.contains(0x22) { return parseQuoted(line, number) }
        // Fast path: exactly four unquoted fields.
        var commas = (0, 0, 0)
        var found = 0
        for i in 0..<line.count where line[i] == 0x2C {
            switch found {
            case 0: commas.0 = i
            case 1: commas.1 = i
            case 2: commas.2 = i
            default: return fail(number, "expected 4 fields (time,entity,signal,value), found more")
            }
            found += 1
        }
        guard found == 3 else { return fail(number, "expected 4 fields (time,entity,signal,value), found \(found + 1)") }
        return parseFields(
            time: UnsafeBufferPointer(rebasing: line[0..<commas.0]),
            entity: UnsafeBufferPointer(rebasing: line[(commas.0 + 1)..<commas.1]),
            signal: UnsafeBufferPointer(rebasing: line[(commas.1 + 1)..<commas.2]),
            value: UnsafeBufferPointer(rebasing: line[(commas.2 + 1)...]),
            number
        )
    }

    private mutating func parseQuoted(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) -> Line {
        let fields: [String]
        switch CSVRecord.fields(line) {
        case .success(let f): fields = f
        case .failure(let e): return fail(number, e.description)
        }
        guard fields.count == 4 else { return fail(number, "expected 4 fields (time,entity,signal,value), found \(fields.count)") }
        var f = fields.map { Array($0.utf8) }
        return f[0].withUnsafeBufferPointer { t in
            f[1].withUnsafeBufferPointer { e in
                f[2].withUnsafeBufferPointer { s in
                    f[3].withUnsafeBufferPointer { v in parseFields(time: t, entity: e, signal: s, value: v, number) }
                }
            }
        }
    }

    private mutating func parseFields(
        time: UnsafeBufferPointer<UInt8>, entity: UnsafeBufferPointer<UInt8>,
        signal: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, _ number: Int
    ) -> Line {
        guard var t = UTCTime.parse(time) else {
            return fail(number, "bad time '\(String(decoding: time, as: UTF8.self))': expected Unix seconds or RFC 3339 (2022-01-05T10:30:00Z)")
        }
        guard t >= 0, t <= SignalsCSV.latestTime else {
            return fail(number, "time \(t) is out of range (1970-01-01 to 9999-12-31)")
        }
        if !TimeBin.isAligned(t) {
            t = TimeBin.floor(t)
            roundedCount += 1
            if firstRoundedLine == nil { firstRoundedLine = number }
        }
        let entityID: EntityID
        if let cached = lastEntity, entity.elementsEqual(lastEntityBytes) {
            entityID = cached
        } else {
            do { entityID = try EntityID(String(decoding: entity, as: UTF8.self)) } catch {
                return fail(number, "\(error)")
            }
            lastEntity = entityID
            lastEntityBytes = Array(entity)
        }
        let signalName: SignalName
        if let cached = lastSignal, signal.elementsEqual(lastSignalBytes) {
            signalName = cached
        } else {
            do { signalName = try SignalName(String(decoding: signal, as: UTF8.self)) } catch {
                return fail(number, "\(error)")
            }
            lastSignal = signalName
            lastSignalBytes = Array(signal)
        }
        var v: Double?
        if !value.isEmpty {
            guard let parsed = DecimalNumber.parse(value) else {
                return fail(number, "bad value '\(String(decoding: value, as: UTF8.self))': expected a finite number, or nothing for no data")
            }
            v = parsed
        }
        return .point(SignalPoint(entity: entityID, signal: signalName, time: t, value: v))
    }

    private func fail(_ line: Int, _ reason: String) -> Line {
        .error(InterchangeError(source: source, line: line, reason: reason))
    }
}
