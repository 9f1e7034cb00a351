import TocsinGeo

/// Why (part of) a datagram could not be decoded: counted per kind, logged with where it was
/// (exporter, byte offset), and the rest of the datagram and the stream go on.
public struct FlowDecodeIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Shorter than its header or a length it declares.
        case truncated
        /// A version this decoder does not speak.
        case unknownVersion
        /// A set or record whose length runs past its container.
        case badLength
        /// A set id in the reserved range (v9 2–255, IPFIX 0–1 and 4–255).
        case badSetID
        /// A template with no fields, too many, or lengths that cannot be.
        case badTemplate
        /// Data for a template not (yet) known; buffered for a while, then dropped.
        case unknownTemplate
        /// Dropped to keep memory bounded (too many exporters, templates or buffered sets).
        case overLimit
        /// An sFlow sample or packet header that could not be read.
        case badSample
    }

    public var kind: Kind
    public var exporter: IPAddress?
    public var offset: Int
    public var detail: String

    public init(_ kind: Kind, exporter: IPAddress? = nil, offset: Int, _ detail: String) {
        self.kind = kind
        self.exporter = exporter
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        "\(kind.rawValue) from \(exporter?.description ?? "?") at byte \(offset): \(detail)"
    }
}
