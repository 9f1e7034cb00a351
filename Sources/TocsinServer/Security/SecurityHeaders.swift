import HTTPTypes
import Hummingbird

/// The headers every answer carries, errors included: a content security policy that lets a
/// page load nothing but its own images, styles and the one script Tocsin serves (no inline
/// script runs, so an entity or AS name that slipped through escaping still cannot act),
/// framing by no other site except for `/embed`, `X-Content-Type-Options: nosniff` (from
/// Hummingbird's `ContentSecurityMiddleware`) and a referrer policy that keeps a reader's
/// path on the observatory from leaking to other sites.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static func policy(framedBy ancestors: ContentSecurityPolicy.URIRestrictionValue) -> ContentSecurityPolicy {
        [
            .defaultSrc(.none),
            .imgSrc(.self, .scheme(.init(rawValue: "data:"))),
            .styleSrc(.self, .unsafeInline),
            .scriptSrc(.self),
            .formAction(.self),
            .frameAncestors(ancestors),
            .baseURI(.none),
        ]
    }

    static var policy: ContentSecurityPolicy { policy(framedBy: .none) }

    private let content = ContentSecurityMiddleware<Context>(contentSecurityPolicy: Self.policy)
    private let embeddable = ContentSecurityMiddleware<Context>(contentSecurityPolicy: Self.policy(framedBy: .uri("*")))
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let answer: Response
        do {
            answer = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Errors become responses here, so that they carry the headers too.
            answer = try error.response(from: request, context: context)
        } catch {
            // Any other failure (a store that went away) is a 500 that carries them too.
            answer = JSONResponse.error(.internalServerError, "internal error: \(type(of: error))")
        }
        let headers = request.uri.path == "/embed" ? embeddable : content
        var response = try await headers.handle(request, context: context) { _, _ in answer }
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
