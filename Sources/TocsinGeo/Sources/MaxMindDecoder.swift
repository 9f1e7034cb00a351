/// Decodes MaxMind DB data-section fields (format 2.0): a control byte with a 3-bit type and a
/// 5-bit size, extended types, pointers with four size variants, maps and arrays.
///
/// Every read is bounds-checked and nesting is limited, so corrupt data gives an error,
/// never a trap or a loop.
struct MaxMindDecoder {
    let bytes: [UInt8]
    /// Where pointers count from: the data section (or the metadata) start.
    let base: Int
    /// Where the section ends.
    let end: Int

    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    /// Decodes the field at `offset` (relative to `base`).
    func decode(at offset: Int) throws(Failure) -> MaxMindValue {
        var cursor = base + offset
        return try field(&cursor, depth: 0)
    }

    private func byte(_ at: Int) throws(Failure) -> UInt8 {
        guard at >= base, at < end else { throw Failure(offset: at, reason: "field runs past the end of its section") }
        return bytes[at]
    }

    private func unsignedBytes(_ cursor: inout Int, count: Int) throws(Failure) -> UInt128 {
        var v: UInt128 = 0
        for _ in 0..<count {
            v = v << 8 | UInt128(try byte(cursor))
            cursor += 1
        }
        return v
    }

    private func field(_ cursor: inout Int, depth: Int) throws(Failure) -> MaxMindValue {
        guard depth < 64 else { throw Failure(offset: cursor, reason: "nesting deeper than 64") }
        let start = cursor
        let control = try byte(cursor)
        cursor += 1
        var type = Int(control >> 5)
        if type == 1 {
            // Pointer: 001SSVVV, then SS+1 bytes.
            let ss = Int(control >> 3) & 3
            let vvv = UInt128(control & 7)
            let raw = try unsignedBytes(&cursor, count: ss + 1)
            let target: UInt128
            switch ss {
            case 0: target = vvv << 8 | raw
            case 1: target = (vvv << 16 | raw) + 2048
            case 2: target = (vvv << 24 | raw) + 526_336
            default: target = raw
            }
            guard target < UInt128(end - base) else { throw Failure(offset: start, reason: "pointer outside the data section") }
            var at = base + Int(target)
            guard try byte(at) >> 5 != 1 else { throw Failure(offset: start, reason: "pointer to a pointer") }
            return try field(&at, depth: depth + 1)
        }
        if type == 0 {
            type = 7 + Int(try byte(cursor))
            cursor += 1
        }
        var size = Int(control & 0x1F)
        switch size {
        case 29: size = 29 + Int(try unsignedBytes(&cursor, count: 1))
        case 30: size = 285 + Int(try unsignedBytes(&cursor, count: 2))
        case 31: size = 65_821 + Int(try unsignedBytes(&cursor, count: 3))
        default: break
        }
        func payload(_ n: Int) throws(Failure) -> ArraySlice<UInt8> {
            guard n >= 0, cursor + n <= end else { throw Failure(offset: start, reason: "field of \(n) bytes runs past the end") }
            defer { cursor += n }
            return bytes[cursor..<(cursor + n)]
        }
        switch type {
        case 2:
            return .string(String(decoding: try payload(size), as: UTF8.self))
        case 3:
            guard size == 8 else { throw Failure(offset: start, reason: "double of size \(size)") }
            return .double(Double(bitPattern: UInt64(try unsignedBytes(&cursor, count: 8))))
        case 4:
            return .bytes(Array(try payload(size)))
        case 5, 6, 9:
            let limit = type == 5 ? 2 : type == 6 ? 4 : 8
            guard size <= limit else { throw Failure(offset: start, reason: "unsigned of \(size) bytes") }
            return .unsigned(UInt64(try unsignedBytes(&cursor, count: size)))
        case 10:
            guard size <= 16 else { throw Failure(offset: start, reason: "uint128 of \(size) bytes") }
            return .unsigned128(try unsignedBytes(&cursor, count: size))
        case 8:
            guard size <= 4 else { throw Failure(offset: start, reason: "int32 of \(size) bytes") }
            let raw = UInt32(try unsignedBytes(&cursor, count: size))
            return .int32(Int32(bitPattern: raw))
        case 7:
            var map: [String: MaxMindValue] = [:]
            for _ in 0..<size {
                guard case .string(let key) = try field(&cursor, depth: depth + 1) else {
                    throw Failure(offset: cursor, reason: "map key is not a string")
                }
                map[key] = try field(&cursor, depth: depth + 1)
            }
            return .map(map)
        case 11:
            var array: [MaxMindValue] = []
            for _ in 0..<size { array.append(try field(&cursor, depth: depth + 1)) }
            return .array(array)
        case 14:
            return .bool(size != 0)
        case 15:
            guard size == 4 else { throw Failure(offset: start, reason: "float of size \(size)") }
            return .float(Float(bitPattern: UInt32(try unsignedBytes(&cursor, count: 4))))
        default:
            throw Failure(offset: start, reason: "unknown or misplaced data type \(type)")
        }
    }
}
