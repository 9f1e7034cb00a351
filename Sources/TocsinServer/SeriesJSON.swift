import Foundation
import Hummingbird
import NIOCore

/// Writes a `SeriesView` as JSON straight into a buffer: the series endpoint is the hot
/// one, and `JSONEncoder` spent most of a request's time on dynamic casts over the nested
/// point arrays. Same text as the encoder gives (sorted keys, integral numbers without `.0`).
enum SeriesJSON {
    static func response(_ view: APIRoutes.SeriesView) -> Response {
        var out = ByteBuffer()
        out.reserveCapacity(64 + view.points.count * 24 + (view.expected?.count ?? 0) * 64)
        out.writeString("{\"entity\":")
        string(view.entity, &out)
        if let expected = view.expected {
            out.writeString(",\"expected\":[")
            for (i, row) in expected.enumerated() {
                if i > 0 { out.writeInteger(UInt8(ascii: ",")) }
                numbers(row, &out)
            }
            out.writeInteger(UInt8(ascii: "]"))
        }
        out.writeString(",\"from\":\(view.from),\"points\":[")
        for (i, row) in view.points.enumerated() {
            if i > 0 { out.writeInteger(UInt8(ascii: ",")) }
            numbers(row, &out)
        }
        out.writeString("],\"signal\":")
        string(view.signal, &out)
        out.writeString(",\"until\":\(view.until)}")
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: out))
    }

    private static func numbers(_ row: [Double?], _ out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "["))
        for (j, v) in row.enumerated() {
            if j > 0 { out.writeInteger(UInt8(ascii: ",")) }
            if let v { number(v, &out) } else { out.writeString("null") }
        }
        out.writeInteger(UInt8(ascii: "]"))
    }

    private static func numbers(_ row: [Double], _ out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "["))
        for (j, v) in row.enumerated() {
            if j > 0 { out.writeInteger(UInt8(ascii: ",")) }
            number(v, &out)
        }
        out.writeInteger(UInt8(ascii: "]"))
    }

    /// Integral values below 2^53 as integers, others in Swift's shortest round-trip form;
    /// JSON has no NaN or infinity, so those are null.
    private static func number(_ v: Double, _ out: inout ByteBuffer) {
        guard v.isFinite else { out.writeString("null"); return }
        if v == v.rounded(), abs(v) < 9_007_199_254_740_992 {
            out.writeString(String(Int64(v)))
        } else {
            out.writeString(v.description)
        }
    }

    /// Entity and signal names are validated identifiers; escaping is still done properly.
    private static func string(_ s: String, _ out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.writeString("\\\"")
            case UInt8(ascii: "\\"): out.writeString("\\\\")
            case 0..<0x20: out.writeString(String(format: "\\u%04x", byte))
            default: out.writeInteger(byte)
            }
        }
        out.writeInteger(UInt8(ascii: "\""))
    }
}
