/// Export datagrams saved as plain files (one UDP payload per file, as exporters' test
/// suites keep them). Several NetFlow v5 datagrams or IPFIX messages may sit back to back
/// (their headers give their lengths); anything else is one datagram.
public enum RawDatagrams {
    public static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var at = 0
        while at + 4 <= bytes.count {
            let version = UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
            let length: Int
            switch version {
            case 5:
                length = NetFlowV5Decoder.length(records: Int(UInt16(bytes[at + 2]) << 8 | UInt16(bytes[at + 3])))
            case 10:
                length = Int(UInt16(bytes[at + 2]) << 8 | UInt16(bytes[at + 3]))
            default:
                length = 0
            }
            // A length that does not fit (or no length at all): the rest is one datagram,
            // and the decoder says what is wrong with it.
            guard length >= 16, at + length <= bytes.count else { break }
            pieces.append(bytes[at..<(at + length)])
            at += length
        }
        if at < bytes.count { pieces.append(bytes[at...]) }
        return pieces
    }
}
