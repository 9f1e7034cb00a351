import Foundation
import Testing
@testable import TocsinServer

/// Webhook signatures are swift-crypto's HMAC-SHA256: checked against RFC 4231's vectors.
@Suite("Webhook signatures")
struct WebhookSignatureTests {
    @Test("RFC 4231 test cases 1, 2, 6 and 7")
    func rfc4231() {
        #expect(WebhookSignature.hex(key: Data(repeating: 0x0b, count: 20), message: Data("Hi There".utf8))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(WebhookSignature.hex(key: "Jefe", message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.hex(key: Data(repeating: 0xaa, count: 131),
                                     message: Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(WebhookSignature.hex(key: Data(repeating: 0xaa, count: 131), message: Data((
            "This is a test using a larger than block-size key and a larger than block-size data. "
            + "The key needs to be hashed before being used by the HMAC algorithm.").utf8))
                == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }
}
