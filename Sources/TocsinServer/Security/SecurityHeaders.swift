import HTTPTypes
import Hummingbird

/// The headers every answer carries, errors included: a content security policy that lets a
/// page load nothing but its own images and styles and run no script at all (an entity or AS
/// name that slipped through escaping still cannot act), `X-Content-Type-Options: nosniff`
/// (from Hummingbird's `ContentSecurityMiddleware`) and a referrer policy that keeps a
/// reader's path on the observatory from leaking to other sites.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: ContentSecurityPolicy {
        [
            .defaultSrc(.none),
            .imgSrc(.self, .scheme(.init(rawValue: "data:"))),
            .styleSrc(.self, .unsafeInline),
            .formAction(.self),
            .frameAncestors(.none),
            .baseURI(.none),
        ]
    }

    private let content = ContentSecurityMiddleware<Context>(contentSecurityPolicy: Self.policy)
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let answer: Response
        do {
            answer = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Errors become responses here, so that they carry the headers too.
            answer = try error.response(from: request, context: context)
        }
        var response = try await content.handle(request, context: context) { _, _ in answer }
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
