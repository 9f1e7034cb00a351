import TocsinCore

/// The world map of the overview: every country of Natural Earth's 1:110m boundaries
/// (public domain; converted once by `scripts/world-map.py` into `world-110m.tsv`), drawn
/// as server-side SVG and coloured by its state. Each shape carries `data-country` (ISO
/// 3166-1 alpha-2) and `data-state`, links to the country's page when Tocsin watches it, and
/// says its name and state in a tooltip; colours are Okabe–Ito, told apart by colour-blind
/// readers, and the legend spells each out.
struct WorldMap: Sendable {
    /// One country's outline.
    struct Shape: Sendable {
        var country: String
        var name: String
        var path: String
    }

    /// What a country's colour says.
    enum State: String, Sendable, CaseIterable {
        case outage, disrupted, normal
        case unwatched = "no-data"

        var fill: String {
            switch self {
            case .outage: "#D55E00"
            case .disrupted: "#E69F00"
            case .normal: "#56B4E9"
            case .unwatched: "#e4e4e4"
            }
        }
    }

    /// The canvas of the file is 1000 × 520; without Antarctica, nothing lies below y = 440.
    static let width = 1000, height = 445

    /// The shapes, parsed once from the embedded file.
    static let shapes: [Shape] = String(decoding: PackageResources.world_110m_tsv, as: UTF8.self)
        .split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 2)
            guard fields.count == 3 else { return nil }
            return Shape(country: String(fields[0]), name: String(fields[1]), path: String(fields[2]))
        }

    /// Natural Earth's English short name of each country on the map, e.g. "Kazakhstan".
    static let names: [String: String] = Dictionary(shapes.map { ($0.country, $0.name) }, uniquingKeysWith: { a, _ in a })

    /// `states` for the watched countries (alpha-2 → state); every other country is drawn grey.
    func render(states: [String: State], names: [String: String], text: Catalogue, caption: String) -> String {
        var svg = "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.width) \(Self.height)\" role=\"group\" aria-label=\"\(HTMLText.escape(caption))\">\n"
        for shape in Self.shapes {
            let state = states[shape.country] ?? .unwatched
            let name = names[shape.country] ?? shape.name
            let label = "\(name): \(text["state.\(state.rawValue)"])"
            let path = "<path data-country=\"\(shape.country)\" data-state=\"\(state.rawValue)\" fill=\"\(state.fill)\" stroke=\"#fff\" stroke-width=\"0.5\" d=\"\(shape.path)\"><title>\(HTMLText.escape(label))</title></path>"
            if state == .unwatched {
                svg += path + "\n"
            } else {
                svg += "<a href=\"/entity?id=country/\(shape.country)\" aria-label=\"\(HTMLText.escape(label))\">\(path)</a>\n"
            }
        }
        return svg + "</svg>\n" + legend(text)
    }

    /// The colours in words, under the map.
    private func legend(_ text: Catalogue) -> String {
        "<ul class=\"legend\">" + State.allCases.map { state in
            "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"\(state.fill)\"/></svg> \(HTMLText.escape(text["state.\(state.rawValue)"]))</li>"
        }.joined() + "</ul>\n"
    }
}
