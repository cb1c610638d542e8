import Foundation
import Tensor
import XCTest

@testable import Layers

/// Scatter series, heat maps with a colour bar, and panels of plots, all SVG.
final class PlotPanelsTests: XCTestCase {
    func testScatterSeriesDrawOneMarkerPerVisiblePointAndNoLine() {
        var plot = LinePlot(title: "scatter")
        plot.addScatter("samples", x: [0, 1, 2, .nan], y: [1, 3, 2, 5])
        plot.addSeries("fit", x: [0, 2], y: [1, 3])
        let svg = plot.svg()
        XCTAssertEqual(svg.components(separatedBy: #"<circle data-series="samples""#).count - 1, 3)
        XCTAssertFalse(svg.contains(#"<path data-series="samples""#))
        XCTAssertTrue(svg.contains(#"<path data-series="fit""#))
    }

    func testHeatmapColoursCellsFromTheirValuesAndLabelsTheColourBar() {
        let field = Tensor([0.0, 1, 2, 3, 4, .nan], shape: [2, 3])
        let map = Heatmap(field, x: 0...3, y: 0...2, title: "u", colorbarLabel: "value")
        let svg = map.svg()
        XCTAssertEqual(LinePlotTests.Elements.parse(svg).named("rect", class: "cell").count, 6)
        let cells = svg.components(separatedBy: "\n").filter { $0.contains(#"class="cell""#) }
        XCTAssertEqual(cells.count, 6)
        XCTAssertTrue(cells[0].contains(#"fill="rgb(68,1,84)""#), cells[0])  // the minimum: viridis' first colour
        XCTAssertTrue(cells[4].contains(#"fill="rgb(253,231,37)""#), cells[4])  // the maximum: its last
        XCTAssertTrue(cells[5].contains(#"fill="grey""#), cells[5])
        // Row 0 is at the bottom: its cells lie below row 1's.
        func y(_ line: String) -> Double {
            Double(line.components(separatedBy: #" y=""#)[1].prefix { $0 != "\"" })!
        }
        XCTAssertGreaterThan(y(cells[0]), y(cells[3]))
        let ticks = svg.components(separatedBy: "\n").filter { $0.contains("colorbar-tick") }
        XCTAssertGreaterThanOrEqual(ticks.count, 3)
        XCTAssertTrue(svg.contains(">value</text>"))
        XCTAssertEqual(Heatmap.color(at: 0.5), "rgb(33,145,140)")
    }

    func testPanelsNestEachPlotAtItsPlaceWithUniqueIDs() throws {
        var line = LinePlot(width: 300, height: 200)
        line.addSeries("a", x: [0, 1], y: [0, 1])
        var figure = PlotPanels(columns: 2)
        figure.add(line)
        figure.add(Heatmap(Tensor([1.0, 2, 3, 4], shape: [2, 2]), width: 400, height: 300))
        figure.add(line)
        XCTAssertEqual(figure.width, 700)
        XCTAssertEqual(figure.height, 500)
        let svg = figure.svg()
        XCTAssertEqual(svg.components(separatedBy: #"<svg class="panel""#).count - 1, 3)
        XCTAssertTrue(svg.contains(#"<svg class="panel" x="300.00" y="0.00""#))
        XCTAssertTrue(svg.contains(#"<svg class="panel" x="0.00" y="300.00""#))
        XCTAssertTrue(svg.contains(#"id="panel0-plot-area""#) && svg.contains(#"id="panel2-plot-area""#))
        XCTAssertTrue(svg.contains("url(#panel1-colorbar)"))
        XCTAssertFalse(svg.contains(#"id="plot-area""#))
        XCTAssertEqual(svg.components(separatedBy: "<?xml").count - 1, 1)
        XCTAssertEqual(LinePlotTests.Elements.parse(svg).named("svg", class: "panel").count, 3, "well-formed XML")
    }
}
