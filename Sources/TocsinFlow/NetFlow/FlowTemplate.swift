/// A field of a NetFlow v9 or IPFIX template: its information element, length (65535 =
/// variable) and, for IPFIX enterprise-specific elements, the enterprise number.
public struct TemplateField: Sendable, Hashable {
    public var id: UInt16
    public var length: UInt16
    public var enterprise: UInt32

    public init(id: UInt16, length: UInt16, enterprise: UInt32 = 0) {
        self.id = id
        self.length = length
        self.enterprise = enterprise
    }

    public static let variableLength: UInt16 = 65535
}

/// A template (or options template) with what decoding needs precomputed: each field's
/// role, and the record length when no field is variable.
public struct FlowTemplate: Sendable, Hashable {
    /// At most this many fields in one template; more is taken for garbage.
    public static let maximumFields = 512

    public var id: UInt16
    public var fields: [TemplateField]
    /// Options templates: how many leading fields are the scope.
    public var scopeCount: Int
    public var isOptions: Bool
    /// The fixed record length, or nil when a field is variable.
    public let fixedLength: Int?
    /// The least a record can take (variable fields count 1 byte).
    public let minimumLength: Int
    let roles: [FieldRole]
    /// When it was last (re)defined, Unix seconds, for expiry.
    var definedAt: Int64

    /// `scopeFieldsAreElements` is false for NetFlow v9, whose scope types (1 System,
    /// 2 Interface...) are not information elements and would read as counters.
    public init(id: UInt16, fields: [TemplateField], scopeCount: Int = 0, isOptions: Bool = false, scopeFieldsAreElements: Bool = true, definedAt: Int64 = 0) {
        self.id = id
        self.fields = fields
        self.scopeCount = scopeCount
        self.isOptions = isOptions
        self.definedAt = definedAt
        var fixed = 0, minimum = 0, variable = false
        for f in fields {
            if f.length == TemplateField.variableLength { variable = true; minimum += 1 } else { fixed += Int(f.length); minimum += Int(f.length) }
        }
        fixedLength = variable ? nil : fixed
        minimumLength = minimum
        roles = fields.enumerated().map { i, f in isOptions && !scopeFieldsAreElements && i < scopeCount ? .skip : FieldRole(f) }
    }

    public static func == (a: FlowTemplate, b: FlowTemplate) -> Bool {
        a.id == b.id && a.fields == b.fields && a.scopeCount == b.scopeCount && a.isOptions == b.isOptions
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(fields)
    }
}

/// What a template field means to Tocsin. Fields with no role are skipped by their length.
enum FieldRole: UInt8, Sendable {
    case skip
    case octets, octetsTotal, initiatorOctets, responderOctets
    case packets, packetsTotal, initiatorPackets, responderPackets
    case proto, tos, sourcePort, destinationPort
    case source4, destination4, source6, destination6
    case input, output
    case lastSwitched, firstSwitched
    case startSeconds, endSeconds, startMillis, endMillis, startMicros, endMicros, startNanos, endNanos
    case systemInit
    case samplingInterval, samplerID, samplerRandomInterval, selectorID
    case packetInterval, packetSpace, samplingSize, samplingPopulation

    init(_ field: TemplateField) {
        guard field.enterprise == 0 else { self = .skip; return }
        self = switch field.id {
        case 1: .octets
        case 85: .octetsTotal
        case 231: .initiatorOctets
        case 232: .responderOctets
        case 2: .packets
        case 86: .packetsTotal
        case 298: .initiatorPackets
        case 299: .responderPackets
        case 4: .proto
        case 5: .tos
        case 7: .sourcePort
        case 11: .destinationPort
        case 8: .source4
        case 12: .destination4
        case 27: .source6
        case 28: .destination6
        case 10: .input
        case 14: .output
        case 21: .lastSwitched
        case 22: .firstSwitched
        case 150: .startSeconds
        case 151: .endSeconds
        case 152: .startMillis
        case 153: .endMillis
        case 154: .startMicros
        case 155: .endMicros
        case 156: .startNanos
        case 157: .endNanos
        case 160: .systemInit
        case 34: .samplingInterval
        case 48: .samplerID
        case 50: .samplerRandomInterval
        case 302: .selectorID
        case 305: .packetInterval
        case 306: .packetSpace
        case 309: .samplingSize
        case 310: .samplingPopulation
        default: .skip
        }
    }
}
