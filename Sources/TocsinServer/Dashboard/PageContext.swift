import Foundation
import HTTPTypes
import Hummingbird

/// What a page needs of its request: the language to write in (`?lang=`, then the `lang`
/// cookie a previous `?lang=` set, then `Accept-Language`) and its own address without
/// `lang`, for the language links.
struct PageContext: Sendable {
    var text: Catalogue
    var path: String
    /// Set when `?lang=` chose the language, so that it sticks (a cookie) as the reader goes on.
    var chosenByQuery = false
    /// `http://host:port` as the reader reached the server (the `Host` header, and
    /// `X-Forwarded-Proto` behind a proxy), for addresses given to copy elsewhere.
    var origin = ""

    var language: Language { text.language }

    static let english = PageContext(text: .english, path: "/")

    init(text: Catalogue, path: String) {
        self.text = text
        self.path = path
    }

    init(_ request: Request) {
        let q = request.uri.queryParameters
        let cookie = request.headers[.cookie]?.split(separator: ";").lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("lang=") }.map { String($0.dropFirst(5)) }
        let query = q.get("lang").flatMap { Language(tag: $0) }
        let language = query ?? Language.chosen(query: cookie, acceptLanguage: request.headers[.acceptLanguage])
        text = Catalogue(language)
        chosenByQuery = query != nil
        let kept = q.filter { $0.key != "lang" }.map { "\($0.key)=\(String($0.value).addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? "")" }
        path = request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        // Only a plausible host[:port] (letters, digits, dots, dashes, brackets, colons).
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        if let host = request.head.authority, host.utf8.count <= 255, host.unicodeScalars.allSatisfy(allowed.contains) {
            origin = "\(scheme)://\(host)"
        }
    }

    /// An HTML page in this context's language.
    func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = JSONResponse.text(html, contentType: "text/html; charset=utf-8", status: status)
        response.headers[.contentLanguage] = language.rawValue
        response.headers[.vary] = "Accept-Language, Cookie"
        if chosenByQuery { response.headers[.setCookie] = "lang=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax" }
        return response
    }
}

extension CharacterSet {
    /// Characters left as they are in a query value (`&`, `=`, `+` and `#` are escaped).
    static let urlQueryValue = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}
