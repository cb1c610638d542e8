import Foundation

extension LinePlot {
    /// Ten distinguishable colors (matplotlib's default cycle).
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// The plot as a standalone SVG document.
    ///
    /// Tick marks carry `class="x-tick"`/`"y-tick"` (`"x-minor-tick"`, `"y-minor-tick"`) and their value in
    /// `data-value`, and each series' path carries `data-series`, so tools and tests can find them.
    public func svg() -> String {
        let visible = visiblePoints
        let xAxis = PlotAxis(covering: visible.flatMap { $0.map(\.x) }, scale: xScale)
        let yAxis = PlotAxis(covering: visible.flatMap { $0.map(\.y) }, scale: yScale)
        let area = (left: 72.0, top: title.isEmpty ? 20.0 : 40.0, right: width - 20, bottom: height - 52)
        func x(_ value: Double) -> Double { area.left + xAxis.fraction(value) * (area.right - area.left) }
        func y(_ value: Double) -> Double { area.bottom - yAxis.fraction(value) * (area.bottom - area.top) }

        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.number(width))" height="\#(Self.number(height))" "#
                + #"viewBox="0 0 \#(Self.number(width)) \#(Self.number(height))" font-family="sans-serif" font-size="12">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
            #"<defs><clipPath id="plot-area"><rect x="\#(Self.number(area.left))" y="\#(Self.number(area.top))" "#
                + #"width="\#(Self.number(area.right - area.left))" height="\#(Self.number(area.bottom - area.top))"/></clipPath></defs>"#,
        ]
        lines += Self.axisLines(
            xAxis: xAxis, yAxis: yAxis, area: area, x: x, y: y, title: title, xLabel: xLabel, yLabel: yLabel,
            width: width, height: height, grid: true)

        for (index, points) in visible.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let name = Self.escaped(series[index].name)
            if series[index].style == .markers {
                lines += points.map {
                    #"<circle data-series="\#(name)" cx="\#(Self.number(x($0.x)))" cy="\#(Self.number(y($0.y)))" r="3" "#
                        + #"fill="\#(color)" fill-opacity="0.8" clip-path="url(#plot-area)"/>"#
                }
                continue
            }
            var path = ""
            var runStart: (x: Double, y: Double)?
            var runLength = 0
            for point in points {
                if point.isGapBefore || path.isEmpty {
                    if runLength == 1, let start = runStart { lines.append(Self.marker(start, color: color)) }
                    path += "M\(Self.number(x(point.x))),\(Self.number(y(point.y)))"
                    runStart = (x(point.x), y(point.y))
                    runLength = 1
                } else {
                    path += "L\(Self.number(x(point.x))),\(Self.number(y(point.y)))"
                    runLength += 1
                }
            }
            if runLength == 1, let start = runStart { lines.append(Self.marker(start, color: color)) }
            if !path.isEmpty {
                lines.append(
                    #"<path data-series="\#(name)" d="\#(path)" fill="none" stroke="\#(color)" stroke-width="1.5" "#
                        + #"stroke-linejoin="round" clip-path="url(#plot-area)"/>"#)
            }
        }

        lines += legend(right: area.right, top: area.top)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Grid lines (when `grid`), ticks with labels, the frame of the plot area, the title and the axis labels:
    /// what every plot with two linear or logarithmic axes draws around its data.
    static func axisLines(
        xAxis: PlotAxis, yAxis: PlotAxis, area: (left: Double, top: Double, right: Double, bottom: Double),
        x: (Double) -> Double, y: (Double) -> Double, title: String, xLabel: String, yLabel: String, width: Double,
        height: Double, grid: Bool
    ) -> [String] {
        var lines: [String] = []
        for tick in xAxis.majorTicks {
            let position = number(x(tick))
            if grid {
                lines.append(
                    #"<line x1="\#(position)" y1="\#(number(area.top))" x2="\#(position)" y2="\#(number(area.bottom))" stroke="rgb(229,229,229)"/>"#
                )
            }
            lines.append(
                #"<line class="x-tick" data-value="\#(tick)" x1="\#(position)" y1="\#(number(area.bottom))" x2="\#(position)" "#
                    + #"y2="\#(number(area.bottom + 5))" stroke="black"/>"#)
            lines.append(
                #"<text x="\#(position)" y="\#(number(area.bottom + 19))" text-anchor="middle">\#(xAxis.label(tick))</text>"#
            )
        }
        for tick in xAxis.minorTicks {
            let position = number(x(tick))
            lines.append(
                #"<line class="x-minor-tick" data-value="\#(tick)" x1="\#(position)" y1="\#(number(area.bottom))" x2="\#(position)" "#
                    + #"y2="\#(number(area.bottom + 3))" stroke="black"/>"#)
        }
        for tick in yAxis.majorTicks {
            let position = number(y(tick))
            if grid {
                lines.append(
                    #"<line x1="\#(number(area.left))" y1="\#(position)" x2="\#(number(area.right))" y2="\#(position)" stroke="rgb(229,229,229)"/>"#
                )
            }
            lines.append(
                #"<line class="y-tick" data-value="\#(tick)" x1="\#(number(area.left - 5))" y1="\#(position)" x2="\#(number(area.left))" "#
                    + #"y2="\#(position)" stroke="black"/>"#)
            lines.append(
                #"<text x="\#(number(area.left - 8))" y="\#(position)" dy="0.35em" text-anchor="end">\#(yAxis.label(tick))</text>"#
            )
        }
        for tick in yAxis.minorTicks {
            let position = number(y(tick))
            lines.append(
                #"<line class="y-minor-tick" data-value="\#(tick)" x1="\#(number(area.left - 3))" y1="\#(position)" "#
                    + #"x2="\#(number(area.left))" y2="\#(position)" stroke="black"/>"#)
        }
        lines.append(
            #"<rect x="\#(number(area.left))" y="\#(number(area.top))" width="\#(number(area.right - area.left))" "#
                + #"height="\#(number(area.bottom - area.top))" fill="none" stroke="black"/>"#)

        if !title.isEmpty {
            lines.append(
                #"<text x="\#(number(width / 2))" y="24" text-anchor="middle" font-size="15" font-weight="bold">\#(escaped(title))</text>"#
            )
        }
        if !xLabel.isEmpty {
            lines.append(
                #"<text x="\#(number((area.left + area.right) / 2))" y="\#(number(height - 12))" text-anchor="middle">\#(escaped(xLabel))</text>"#
            )
        }
        if !yLabel.isEmpty {
            let center = number((area.top + area.bottom) / 2)
            lines.append(
                #"<text x="18" y="\#(center)" text-anchor="middle" transform="rotate(-90 18 \#(center))">\#(escaped(yLabel))</text>"#
            )
        }
        return lines
    }

    /// A point that can be drawn, and whether a skipped point (or the start) comes before it.
    struct VisiblePoint {
        let x: Double
        let y: Double
        let isGapBefore: Bool
    }

    /// Each series' drawable points.
    var visiblePoints: [[VisiblePoint]] {
        series.map { line in
            var points: [VisiblePoint] = []
            var skipped = true
            for (x, y) in zip(line.x, line.y) {
                if xScale.canShow(x) && yScale.canShow(y) {
                    points.append(VisiblePoint(x: x, y: y, isGapBefore: skipped))
                    skipped = false
                } else {
                    skipped = true
                }
            }
            return points
        }
    }

    /// The legend box in the upper right corner of the plot area: a line sample and the name of each series.
    private func legend(right: Double, top: Double) -> [String] {
        guard !series.isEmpty else { return [] }
        let rowHeight = 16.0
        let textWidth = Double(series.map(\.name.count).max() ?? 0) * 7
        let boxWidth = textWidth + 44
        let (left, boxTop) = (right - boxWidth - 8, top + 8)
        var lines = [
            #"<rect x="\#(Self.number(left))" y="\#(Self.number(boxTop))" width="\#(Self.number(boxWidth))" "#
                + #"height="\#(Self.number(Double(series.count) * rowHeight + 8))" fill="white" fill-opacity="0.85" stroke="rgb(176,176,176)"/>"#
        ]
        for (index, line) in series.enumerated() {
            let middle = boxTop + 4 + rowHeight * (Double(index) + 0.5)
            let color = Self.palette[index % Self.palette.count]
            lines.append(
                line.style == .markers
                    ? #"<circle cx="\#(Self.number(left + 19))" cy="\#(Self.number(middle))" r="3" fill="\#(color)"/>"#
                    : #"<line x1="\#(Self.number(left + 8))" y1="\#(Self.number(middle))" x2="\#(Self.number(left + 30))" "#
                        + #"y2="\#(Self.number(middle))" stroke="\#(color)" stroke-width="2"/>"#)
            lines.append(
                #"<text x="\#(Self.number(left + 36))" y="\#(Self.number(middle))" dy="0.35em">\#(Self.escaped(line.name))</text>"#
            )
        }
        return lines
    }

    private static func marker(_ point: (x: Double, y: Double), color: String) -> String {
        #"<circle cx="\#(number(point.x))" cy="\#(number(point.y))" r="2.5" fill="\#(color)" clip-path="url(#plot-area)"/>"#
    }

    /// A coordinate with two decimals.
    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `text` with XML's special characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
