import Foundation
import Tensor

/// A 2-D field drawn as coloured cells with a colour bar, as a standalone SVG file (matplotlib's `pcolormesh` with
/// `colorbar()`): a solution u(x, t) of a PDE, an error map, a kernel.
///
/// `field` is `[rows, columns]`; row 0 is drawn at the bottom (y grows upwards) and column 0 at the left, over the
/// data extents `x` and `y`. Colours follow the viridis map from the smallest to the largest finite value (or the
/// given `valueRange`); NaN and ±∞ cells are drawn grey.
///
/// ```swift
/// let u = Tensor.zeros([64, 128], dtype: .float64)                       // u[t, x]
/// let map = Heatmap(u, x: 0...1, y: 0...2, title: "u(x, t)", xLabel: "x", yLabel: "t", colorbarLabel: "u")
/// try map.write(to: runDirectory.appendingPathComponent("solution.svg"))
/// ```
public struct Heatmap: SVGPlot {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var colorbarLabel: String
    /// The cells, row-major, `rows × columns` of them.
    public let values: [Double]
    public let rows: Int
    public let columns: Int
    /// The data extents the cells cover.
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    /// The values mapped to the ends of the colour bar; nil spans the finite values.
    public var valueRange: ClosedRange<Double>?
    public var width: Double
    public var height: Double

    public init(
        _ field: Tensor, x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1, title: String = "",
        xLabel: String = "", yLabel: String = "", colorbarLabel: String = "", valueRange: ClosedRange<Double>? = nil,
        width: Double = 640, height: Double = 480
    ) {
        precondition(
            field.rank == 2 && field.count > 0,
            "Heatmap: the field must be a non-empty [rows, columns], got \(field.shape)")
        precondition(field.dtype.isFloatingPoint, "Heatmap: the field must be floating, got \(field.dtype)")
        values = field.toDoubles()
        (rows, columns) = (field.shape[0], field.shape[1])
        (self.x, self.y, self.valueRange) = (x, y, valueRange)
        (self.title, self.xLabel, self.yLabel, self.colorbarLabel) = (title, xLabel, yLabel, colorbarLabel)
        (self.width, self.height) = (width, height)
    }

    /// Writes the SVG document to `url` (atomically).
    public func write(to url: URL) throws {
        try FileAccess.writeAtomically(Array(svg().utf8), to: url)
    }

    /// Viridis at eleven evenly spaced points (matplotlib's table), interpolated linearly between them.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 36, 117), (65, 68, 135), (53, 95, 141), (42, 120, 142), (33, 145, 140), (34, 168, 132),
        (68, 191, 112), (122, 209, 81), (189, 223, 38), (253, 231, 37),
    ]

    /// The viridis colour at `fraction` ∈ [0, 1] (clamped), as `rgb(r,g,b)`.
    static func color(at fraction: Double) -> String {
        let position = min(max(fraction, 0), 1) * Double(viridis.count - 1)
        let index = min(Int(position), viridis.count - 2)
        let t = position - Double(index)
        let (a, b) = (viridis[index], viridis[index + 1])
        let mix = { (p: Double, q: Double) in Int((p + (q - p) * t).rounded()) }
        return "rgb(\(mix(a.0, b.0)),\(mix(a.1, b.1)),\(mix(a.2, b.2)))"
    }

    /// The values at the ends of the colour bar.
    var colorRange: ClosedRange<Double> {
        if let valueRange { return valueRange }
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low...high
    }

    /// The map as a standalone SVG document. Cells carry `class="cell"` and their value in `data-value`; colour-bar
    /// ticks carry `class="colorbar-tick"`.
    public func svg() -> String {
        let number = LinePlot.number
        let area = (left: 72.0, top: title.isEmpty ? 20.0 : 40.0, right: width - 110, bottom: height - 52)
        let xAxis = PlotAxis(covering: [x.lowerBound, x.upperBound], scale: .linear)
        let yAxis = PlotAxis(covering: [y.lowerBound, y.upperBound], scale: .linear)
        func px(_ value: Double) -> Double { area.left + xAxis.fraction(value) * (area.right - area.left) }
        func py(_ value: Double) -> Double { area.bottom - yAxis.fraction(value) * (area.bottom - area.top) }
        let range = colorRange
        let span = range.upperBound - range.lowerBound
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(number(width))" height="\#(number(height))" "#
                + #"viewBox="0 0 \#(number(width)) \#(number(height))" font-family="sans-serif" font-size="12">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
        ]
        let cellWidth = (x.upperBound - x.lowerBound) / Double(columns)
        let cellHeight = (y.upperBound - y.lowerBound) / Double(rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = values[row * columns + column]
                let left = px(x.lowerBound + Double(column) * cellWidth)
                let right = px(x.lowerBound + Double(column + 1) * cellWidth)
                let top = py(y.lowerBound + Double(row + 1) * cellHeight)
                let bottom = py(y.lowerBound + Double(row) * cellHeight)
                let fill = value.isFinite ? Self.color(at: span > 0 ? (value - range.lowerBound) / span : 0.5) : "grey"
                // Cells overlap by a fraction of a pixel so that no hairline gaps show between them.
                lines.append(
                    #"<rect class="cell" data-value="\#(value)" x="\#(number(left))" y="\#(number(top))" "#
                        + #"width="\#(number(right - left + 0.3))" height="\#(number(bottom - top + 0.3))" fill="\#(fill)"/>"#
                )
            }
        }
        lines += LinePlot.axisLines(
            xAxis: xAxis, yAxis: yAxis, area: area, x: px, y: py, title: title, xLabel: xLabel, yLabel: yLabel,
            width: width, height: height, grid: false)
        lines += colorbar(range: range, area: area)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The colour bar right of the map: a gradient, ticks at round values, and its label.
    private func colorbar(range: ClosedRange<Double>, area: (left: Double, top: Double, right: Double, bottom: Double))
        -> [String]
    {
        let number = LinePlot.number
        let (left, barWidth) = (area.right + 24, 16.0)
        let axis = PlotAxis(covering: [range.lowerBound, range.upperBound], scale: .linear)
        let span = range.upperBound - range.lowerBound
        func position(_ value: Double) -> Double {
            area.bottom - (span > 0 ? (value - range.lowerBound) / span : 0.5) * (area.bottom - area.top)
        }
        let stops = (0...10).map { index in
            #"<stop offset="\#(index * 10)%" stop-color="\#(Self.color(at: Double(index) / 10))"/>"#
        }
        var lines = [
            #"<defs><linearGradient id="colorbar" x1="0" y1="1" x2="0" y2="0">"# + stops.joined()
                + "</linearGradient></defs>",
            #"<rect x="\#(number(left))" y="\#(number(area.top))" width="\#(number(barWidth))" "#
                + #"height="\#(number(area.bottom - area.top))" fill="url(#colorbar)" stroke="black"/>"#,
        ]
        for tick in axis.majorTicks where range.contains(tick) {
            let at = number(position(tick))
            lines.append(
                #"<line class="colorbar-tick" data-value="\#(tick)" x1="\#(number(left + barWidth))" y1="\#(at)" "#
                    + #"x2="\#(number(left + barWidth + 5))" y2="\#(at)" stroke="black"/>"#)
            lines.append(
                #"<text x="\#(number(left + barWidth + 8))" y="\#(at)" dy="0.35em">\#(axis.label(tick))</text>"#)
        }
        if !colorbarLabel.isEmpty {
            let center = number((area.top + area.bottom) / 2)
            let labelX = number(width - 12)
            lines.append(
                #"<text x="\#(labelX)" y="\#(center)" text-anchor="middle" transform="rotate(-90 \#(labelX) \#(center))">"#
                    + LinePlot.escaped(colorbarLabel) + "</text>")
        }
        return lines
    }
}
