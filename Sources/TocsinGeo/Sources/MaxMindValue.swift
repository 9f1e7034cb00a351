/// A value decoded from a MaxMind DB data section.
public indirect enum MaxMindValue: Sendable, Hashable {
    case string(String)
    case double(Double)
    case bytes([UInt8])
    case unsigned(UInt64)
    /// uint128 values, kept as their 16 big-endian bytes' value.
    case unsigned128(UInt128)
    case int32(Int32)
    case map([String: MaxMindValue])
    case array([MaxMindValue])
    case bool(Bool)
    case float(Float)

    public subscript(key: String) -> MaxMindValue? {
        if case .map(let m) = self { return m[key] }
        return nil
    }

    public subscript(index: Int) -> MaxMindValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }

    public var unsigned: UInt64? { if case .unsigned(let v) = self { v } else { nil } }
}
