import Foundation

/// A plot that renders itself as a standalone SVG document of a given size (`LinePlot`, `Heatmap`).
public protocol SVGPlot: Sendable {
    var width: Double { get }
    var height: Double { get }
    /// The plot as a standalone SVG document.
    func svg() -> String
}

/// Several plots in a grid of panels, as one SVG file (matplotlib's `subplots`): panels fill the rows left to
/// right, each at its own size, rows as tall as their tallest panel.
///
/// ```swift
/// var figure = PlotPanels(columns: 2)
/// figure.add(lossPlot)                                        // a LinePlot
/// figure.add(Heatmap(error, title: "|u − û|", colorbarLabel: "error"))
/// try figure.write(to: runDirectory.appendingPathComponent("summary.svg"))
/// ```
public struct PlotPanels: SVGPlot {
    /// Panels per row.
    public let columns: Int
    public private(set) var panels: [any SVGPlot] = []

    public init(columns: Int) {
        precondition(columns > 0, "PlotPanels: columns must be positive, got \(columns)")
        self.columns = columns
    }

    public mutating func add(_ plot: any SVGPlot) { panels.append(plot) }

    /// The panels of each row.
    private var rows: [ArraySlice<any SVGPlot>] {
        stride(from: 0, to: panels.count, by: columns).map { panels[$0..<min($0 + columns, panels.count)] }
    }

    public var width: Double { rows.map { $0.reduce(0) { $0 + $1.width } }.max() ?? 0 }
    public var height: Double { rows.reduce(0) { $0 + ($1.map(\.height).max() ?? 0) } }

    /// One SVG document with each panel nested as an `<svg>` element at its place (`class="panel"`). Each panel's
    /// `id`s are made unique so that their clip paths and gradients do not collide.
    public func svg() -> String {
        let number = LinePlot.number
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(number(width))" height="\#(number(height))" "#
                + #"viewBox="0 0 \#(number(width)) \#(number(height))">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
        ]
        var top = 0.0
        var index = 0
        for row in rows {
            var left = 0.0
            for panel in row {
                var text = panel.svg()
                if let declarationEnd = text.range(of: "?>\n") { text = String(text[declarationEnd.upperBound...]) }
                text = text.replacingOccurrences(of: #"id=""#, with: #"id="panel\#(index)-"#)
                    .replacingOccurrences(of: "url(#", with: "url(#panel\(index)-")
                let opening = #"<svg class="panel" x="\#(number(left))" y="\#(number(top))" "#
                lines.append(text.replacingOccurrences(of: "<svg ", with: opening, options: .anchored))
                left += panel.width
                index += 1
            }
            top += row.map(\.height).max() ?? 0
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the SVG document to `url` (atomically).
    public func write(to url: URL) throws {
        try FileAccess.writeAtomically(Array(svg().utf8), to: url)
    }
}
