import Crypto
import Foundation

/// Checks an evidence bundle in a folder: `manifest.sig` is a valid Ed25519 signature of
/// `manifest.json` by the given public key (or, when none is given, by the key the bundle
/// names, which only proves integrity, not origin); every file the manifest lists is there
/// with its SHA-256 and size; no other file is.
public enum BundleVerifier {
    /// What a successful check established.
    public struct Verified: Sendable, Equatable {
        public var event: String
        public var files: Int
        public var fingerprint: String
        public var keyFingerprint: String
    }

    public static func verify(folder: String, publicKey: Curve25519.Signing.PublicKey) throws -> Verified {
        func read(_ name: String) throws -> Data {
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name)) else {
                throw EvidenceError.bundle(file: name, reason: "missing")
            }
            return data
        }
        let manifestBytes = try read(EvidenceBundle.manifestName)
        let signature = try read(EvidenceBundle.signatureName)
        guard signature.count == 64 else { throw EvidenceError.bundle(file: EvidenceBundle.signatureName, reason: "not a 64-byte Ed25519 signature") }
        guard publicKey.isValidSignature(signature, for: manifestBytes) else {
            throw EvidenceError.bundle(file: EvidenceBundle.manifestName, reason: "the signature does not match: changed, or signed by another key")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestBytes) } catch {
            throw EvidenceError.bundle(file: EvidenceBundle.manifestName, reason: "not a bundle manifest")
        }
        guard manifest.format == EvidenceBundle.format else {
            throw EvidenceError.bundle(file: EvidenceBundle.manifestName, reason: "unknown format '\(manifest.format)'")
        }
        var listed: Set<String> = [EvidenceBundle.manifestName, EvidenceBundle.signatureName]
        for entry in manifest.files {
            guard !entry.name.contains("/"), entry.name != "..", listed.insert(entry.name).inserted else {
                throw EvidenceError.bundle(file: entry.name, reason: "listed twice or outside the bundle")
            }
            let data = try read(entry.name)
            guard data.count == entry.bytes, Data(SHA256.hash(data: data)).hexString == entry.sha256 else {
                throw EvidenceError.bundle(file: entry.name, reason: "changed since it was signed (SHA-256 differs)")
            }
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: folder)
        if let extra = present.sorted().first(where: { !listed.contains($0) }) {
            throw EvidenceError.bundle(file: extra, reason: "not part of the signed bundle (added later)")
        }
        return Verified(event: manifest.event, files: manifest.files.count, fingerprint: Data(SHA256.hash(data: manifestBytes)).hexString,
                        keyFingerprint: manifest.key)
    }
}
