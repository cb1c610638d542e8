import Foundation

/// A line plot of named series, written as a standalone SVG file that any browser shows.
///
/// Axes are linear or logarithmic (ticks at decades); ticks, grid, axis labels, a title and a legend are laid out
/// automatically. Points whose x or y is NaN, infinite, or not positive on a logarithmic axis are skipped, and the
/// line breaks there.
///
/// ```swift
/// var plot = LinePlot(title: "Training", xLabel: "step", yLabel: "loss", yScale: .logarithmic)
/// plot.addSeries("train", x: steps, y: trainLosses)
/// plot.addSeries("test", x: steps, y: testLosses)
/// plot.addScatter("checkpoints", x: savedSteps, y: savedLosses)   // markers, no line
/// try plot.write(to: runDirectory.appendingPathComponent("loss.svg"))
/// ```
public struct LinePlot: SVGPlot {
    /// How a series is drawn.
    public enum SeriesStyle: Sendable {
        /// The points joined in order.
        case line
        /// A marker at each point (a scatter plot).
        case markers
    }

    /// One named series: the points `(x[i], y[i])`, joined in order or marked one by one.
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var style: SeriesStyle
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Size of the picture in pixels.
    public var width: Double
    public var height: Double
    /// The series, drawn in order (and colored from a ten-color palette in that order).
    public private(set) var series: [Series] = []

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", xScale: AxisScale = .linear,
        yScale: AxisScale = .linear, width: Double = 640, height: Double = 420
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
    }

    /// Adds a line through the points `(x[i], y[i])`.
    public mutating func addSeries(_ name: String, x: [Double], y: [Double]) {
        precondition(
            x.count == y.count, "LinePlot.addSeries: '\(name)' has \(x.count) x values and \(y.count) y values")
        series.append(Series(name: name, x: x, y: y, style: .line))
    }

    /// Adds a marker at each point `(x[i], y[i])`, unjoined (a scatter plot).
    public mutating func addScatter(_ name: String, x: [Double], y: [Double]) {
        precondition(
            x.count == y.count, "LinePlot.addScatter: '\(name)' has \(x.count) x values and \(y.count) y values")
        series.append(Series(name: name, x: x, y: y, style: .markers))
    }

    /// Writes the SVG document to `url` (atomically).
    public func write(to url: URL) throws {
        try FileAccess.writeAtomically(Array(svg().utf8), to: url)
    }
}
