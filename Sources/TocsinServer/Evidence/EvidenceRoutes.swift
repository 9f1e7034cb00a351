import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TocsinCore
import TocsinStore

/// The observatory's public key, and each event's evidence bundle as a download.
struct EvidenceRoutes: Sendable {
    let store: any ObservatoryStore
    let config: ObservatoryConfig
    let key: ObservatoryKey

    func register(on router: Router<BasicRequestContext>) {
        let pem = key.publicKeyPEM
        router.get("/.well-known/tocsin/key.pem") { _, _ in JSONResponse.text(pem, contentType: "application/x-pem-file") }
        router.get("/event.bundle") { request, _ in try await bundle(request) }
    }

    /// `GET /event.bundle?id=ID`: the bundle as `.tar.gz`, its fingerprint in `X-Tocsin-Bundle-SHA256`.
    func bundle(_ request: Request) async throws -> Response {
        guard let id = request.uri.queryParameters.get("id") else { return JSONResponse.error(.badRequest, "give the event as ?id=") }
        let bundle: EvidenceBundle
        do {
            bundle = try await EvidenceBundle.make(eventID: id, store: store, config: config, key: key)
        } catch EvidenceError.noSuchEvent {
            return JSONResponse.error(.notFound, "no such event")
        }
        let folder = "tocsin-evidence-" + String(id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        let archive = try TarArchive.tarGz(bundle.files, folder: folder, time: 0)
        return Response(status: .ok, headers: [
            .contentType: "application/gzip",
            .contentDisposition: "attachment; filename=\"\(folder).tar.gz\"",
            HTTPField.Name("X-Tocsin-Bundle-SHA256")!: bundle.fingerprint,
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: archive)))
    }
}
