import Crypto
import Foundation

/// Webhook signatures as receivers check them: the hex HMAC-SHA256 (swift-crypto) of the body
/// with the hook's secret, sent as `X-Tocsin-Signature: sha256=<hex>`.
public enum WebhookSignature {
    public static func hex(key: Data, message: Data) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).hexString
    }

    public static func hex(key: String, message: String) -> String {
        hex(key: Data(key.utf8), message: Data(message.utf8))
    }
}

extension Data {
    /// Lower-case hexadecimal, two digits per byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
