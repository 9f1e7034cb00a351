import ArgumentParser
import Foundation
import TocsinServer

/// Where the signing key is: `--key`, else the data folder's `signing-key.pem`.
struct KeyOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("signing-key"), help: ArgumentHelp("The observatory's signing key (PKCS #8 PEM; created if absent).", valueName: "file"))
    var path: String?

    var resolved: String { path ?? (store.folder as NSString).appendingPathComponent(ObservatoryKey.fileName) }

    func load() throws -> ObservatoryKey {
        try FileManager.default.createDirectory(atPath: store.folder, withIntermediateDirectories: true)
        do { return try ObservatoryKey.loadOrCreate(at: resolved) } catch { throw CLIError("\(error)") }
    }
}

/// `tocsin key`
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The key that signs evidence bundles.", subcommands: [Show.self])

    /// `tocsin key show`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key (PEM) and its fingerprint, creating the key if needed.")
        @OptionGroup var key: KeyOptions

        func run() throws {
            let key = try key.load()
            print(key.publicKeyPEM, terminator: "")
            FileHandle.standardError.write(Data("fingerprint (SHA-256 of the public key): \(key.fingerprint)\n".utf8))
        }
    }
}

/// `tocsin report`
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an event's signed evidence bundle (data, chart, method, report) to a folder.",
        discussion: "Check it with `tocsin verify DIR --key key.pem`, or with openssl and sha256sum (see README)."
    )
    @OptionGroup var key: KeyOptions
    @Argument(help: "The event's id (see `tocsin events`).")
    var event: String
    @Option(help: ArgumentHelp("The folder to write.", valueName: "dir"))
    var out: String
    @Option(help: "A JSON config file: its reference files and sources are described in the bundle.")
    var config: String?
    @Option(help: ArgumentHelp("Also print the report to this PDF file (outside the bundle; needs headless Chromium).", valueName: "file"))
    var pdf: String?

    func run() async throws {
        var settings = ObservatoryConfig()
        if let config { do { settings = try ObservatoryConfig.load(path: config) } catch { throw CLIError("\(error)") } }
        settings.data = key.store.folder
        let signing = try key.load()
        let store = try await key.store.openStore()
        let bundle: EvidenceBundle
        do { bundle = try await EvidenceBundle.make(eventID: event, store: store, config: settings, key: signing) } catch let error as EvidenceError {
            throw CLIError("\(error)")
        }
        if FileManager.default.fileExists(atPath: out),
           !((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty {
            throw CLIError("\(out) is not empty: a bundle must be alone in its folder")
        }
        try bundle.write(to: out)
        print("wrote \(bundle.files.count) files to \(out); bundle fingerprint (SHA-256 of manifest.json) \(bundle.fingerprint)")
        if let pdf {
            do { try PDFRenderer.print(html: (out as NSString).appendingPathComponent("report.html"), to: pdf) } catch {
                throw CLIError("the bundle is written, but not the PDF: \(error)")
            }
            print("wrote the report as \(pdf)")
        }
    }
}

/// `tocsin verify`
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an evidence bundle: the signature of its manifest and every file's SHA-256.",
        discussion: "Exits 0 when all holds; otherwise 1, naming the file that does not."
    )
    @Argument(help: "The bundle's folder.")
    var bundle: String
    @Option(help: ArgumentHelp("The observatory's public key (PEM), e.g. from /.well-known/tocsin/key.pem.", valueName: "file"))
    var key: String

    func run() throws {
        do {
            guard let text = try? String(contentsOfFile: key, encoding: .utf8) else { throw EvidenceError.key(path: key, reason: "cannot be read") }
            let publicKey = try ObservatoryKey.publicKey(pem: text, path: key)
            let ok = try BundleVerifier.verify(folder: bundle, publicKey: publicKey)
            print("verified: event \(ok.event), \(ok.files) files, bundle fingerprint \(ok.fingerprint)")
        } catch let error as EvidenceError {
            FileHandle.standardError.write(Data("not verified: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
