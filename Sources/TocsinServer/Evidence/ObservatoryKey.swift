import Crypto
import Foundation

/// The observatory's Ed25519 signing key (swift-crypto's `Curve25519.Signing`), which signs
/// evidence bundles. Kept in the data folder as `signing-key.pem` (PKCS #8, mode 0600, never
/// served) unless the configuration names another file; created on first use. Its public key
/// is published as PEM SubjectPublicKeyInfo, the form `openssl pkeyutl -verify -pubin` reads.
public struct ObservatoryKey: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey

    public static let fileName = "signing-key.pem"

    public init(privateKey: Curve25519.Signing.PrivateKey = .init()) {
        self.privateKey = privateKey
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// The public key as PEM (SubjectPublicKeyInfo, RFC 8410).
    public var publicKeyPEM: String { Self.publicKeyPEM(publicKey) }

    /// SHA-256 of the public key's DER, in hex: what a report prints so a reader can tell keys apart.
    public var fingerprint: String { Data(SHA256.hash(data: Self.spkiPrefix + publicKey.rawRepresentation)).hexString }

    public func sign(_ data: Data) throws -> Data { try privateKey.signature(for: data) }

    /// Loads the key at `path`, or creates it there (mode 0600) when no file exists.
    public static func loadOrCreate(at path: String) throws -> ObservatoryKey {
        if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        let key = ObservatoryKey()
        try key.create(at: path)
        return key
    }

    public static func load(path: String) throws -> ObservatoryKey {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EvidenceError.key(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        guard let der = PEM.decode(text, label: "PRIVATE KEY"), der.count == pkcs8Prefix.count + 32,
              der.prefix(pkcs8Prefix.count) == pkcs8Prefix
        else { throw EvidenceError.key(path: path, reason: "is not an Ed25519 private key in PKCS #8 PEM") }
        do {
            return ObservatoryKey(privateKey: try .init(rawRepresentation: der.suffix(32)))
        } catch {
            throw EvidenceError.key(path: path, reason: "holds an unusable Ed25519 key")
        }
    }

    /// Writes the private key, refusing to replace a file; the file is created with mode 0600.
    func create(at path: String) throws {
        let pem = PEM.encode(Self.pkcs8Prefix + privateKey.rawRepresentation, label: "PRIVATE KEY")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw EvidenceError.key(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let bytes = Array(pem.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw EvidenceError.key(path: path, reason: "could not be written in full")
        }
    }

    /// Reads a public key from PEM (SubjectPublicKeyInfo).
    public static func publicKey(pem text: String, path: String) throws -> Curve25519.Signing.PublicKey {
        guard let der = PEM.decode(text, label: "PUBLIC KEY"), der.count == spkiPrefix.count + 32, der.prefix(spkiPrefix.count) == spkiPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
        else { throw EvidenceError.key(path: path, reason: "is not an Ed25519 public key in PEM") }
        return key
    }

    public static func publicKeyPEM(_ key: Curve25519.Signing.PublicKey) -> String {
        PEM.encode(spkiPrefix + key.rawRepresentation, label: "PUBLIC KEY")
    }

    // RFC 8410's fixed DER prefixes for Ed25519 (OID 1.3.101.112): swift-crypto reads and
    // writes raw 32-byte keys only, so the wrappers openssl expects are added here.
    static let spkiPrefix = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])
    static let pkcs8Prefix = Data([0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
}

/// PEM armour (RFC 7468): base64 in 64-character lines between BEGIN and END lines.
enum PEM {
    static func encode(_ der: Data, label: String) -> String {
        let b64 = der.base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(b64)
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String) -> Data? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let b = text.range(of: begin), let e = text.range(of: end, range: b.upperBound..<text.endIndex) else { return nil }
        let body = text[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
