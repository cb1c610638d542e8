import Foundation
import XCTest

@testable import Layers

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class LinePlotTests: XCTestCase {
    /// The elements of an SVG document (name and attributes, in order), or a failure when it is not well formed.
    final class Elements: NSObject, XMLParserDelegate {
        var all: [(name: String, attributes: [String: String])] = []
        var text: [String] = []

        static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Elements {
            let elements = Elements()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = elements
            XCTAssertTrue(
                parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line
            )
            return elements
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            all.append((name, attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text.append(string) }

        func named(_ name: String, class className: String? = nil) -> [[String: String]] {
            all.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }.map(
                \.attributes)
        }
    }

    func testTheDocumentIsWellFormedWithEveryPart() {
        var plot = LinePlot(title: "Loss <train & test>", xLabel: "step", yLabel: "mean \"squared\" error")
        plot.addSeries("train", x: [0, 1, 2, 3], y: [1, 0.5, 0.3, 0.2])
        plot.addSeries("test & <validation>", x: [0, 1, 2, 3], y: [1.2, 0.7, 0.5, 0.45])
        let document = Elements.parse(plot.svg())
        XCTAssertEqual(document.all.first?.name, "svg")
        XCTAssertEqual(document.all.first?.attributes["xmlns"], "http://www.w3.org/2000/svg")
        XCTAssertEqual(document.named("path").compactMap { $0["data-series"] }, ["train", "test & <validation>"])
        let text = document.text.joined()
        for part in ["Loss <train & test>", "step", "mean \"squared\" error", "train", "test & <validation>"] {
            XCTAssertTrue(text.contains(part), part)
        }
    }

    func testLinearTicksAreRoundNumbersCoveringTheData() throws {
        var plot = LinePlot()
        plot.addSeries("a", x: [0.3, 9.6], y: [-0.013, 0.042])
        let document = Elements.parse(plot.svg())
        let xTicks = document.named("line", class: "x-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(xTicks, [0, 2, 4, 6, 8, 10])
        let yTicks = document.named("line", class: "y-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(yTicks.count, 8)
        for (tick, expected) in zip(yTicks, [-0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05]) {
            XCTAssertEqual(tick, expected, accuracy: 1e-12)
        }
        XCTAssertTrue(document.text.contains("\u{2212}0.02"), "\(document.text)")
        XCTAssertTrue(document.text.contains("0.05"))
    }

    func testLogarithmicAxesPlaceDecadesEvenly() throws {
        var plot = LinePlot(xScale: .logarithmic, yScale: .logarithmic)
        let x = (0...40).map { pow(10, -2 + Double($0) / 10) }  // 1e-2 … 1e2
        plot.addSeries("power law", x: x, y: x.map { 3e-4 * $0 * $0 })  // 3e-8 … 3
        let document = Elements.parse(plot.svg())

        let xTicks = document.named("line", class: "x-tick")
        XCTAssertEqual(xTicks.compactMap { $0["data-value"].flatMap(Double.init) }, [0.01, 0.1, 1, 10, 100])
        let xPositions = xTicks.compactMap { $0["x1"].flatMap(Double.init) }
        let spacing = xPositions[1] - xPositions[0]
        XCTAssertGreaterThan(spacing, 0)
        for (a, b) in zip(xPositions, xPositions.dropFirst()) { XCTAssertEqual(b - a, spacing, accuracy: 0.011) }

        let yTicks = document.named("line", class: "y-tick")
        XCTAssertEqual(
            yTicks.compactMap { $0["data-value"].flatMap(Double.init) }, (-8...1).map { pow(10, Double($0)) })
        let yPositions = yTicks.compactMap { $0["y1"].flatMap(Double.init) }
        for (a, b) in zip(yPositions, yPositions.dropFirst()) {
            XCTAssertEqual(a - b, yPositions[0] - yPositions[1], accuracy: 0.011, "decades go up evenly")
        }
        // 2…9 × each decade between the labelled ones, closer together toward the top of each decade.
        let minor = document.named("line", class: "x-minor-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(minor.count, 4 * 8)
        let firstDecade = document.named("line", class: "x-minor-tick").prefix(8).compactMap {
            $0["x1"].flatMap(Double.init)
        }
        XCTAssertEqual(firstDecade[0] - xPositions[0], spacing * log10(2), accuracy: 0.011)
        XCTAssertEqual(firstDecade[7] - xPositions[0], spacing * log10(9), accuracy: 0.011)
        XCTAssertTrue(document.text.contains("\u{2212}8"), "exponents are labelled")
    }

    func testManyDecadesAreThinnedOut() {
        var plot = LinePlot(yScale: .logarithmic)
        plot.addSeries("wide", x: [0, 1], y: [1e-12, 1e12])
        let document = Elements.parse(plot.svg())
        let labelled = document.named("line", class: "y-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(labelled, stride(from: -12, through: 12, by: 3).map { pow(10, Double($0)) })
        let unlabelled = document.named("line", class: "y-minor-tick").compactMap {
            $0["data-value"].flatMap(Double.init)
        }
        XCTAssertEqual(unlabelled.count, 16, "the decades between labelled ones")
    }

    /// A spread too small for round ticks (subnormal values) gets its two ends as ticks rather than an endless grid.
    func testSubnormalSpreadGetsItsEndsAsTicks() {
        var plot = LinePlot()
        plot.addSeries("tiny", x: [1.5e-323, 4.94e-321], y: [0, 1])
        let document = Elements.parse(plot.svg())
        let ticks = document.named("line", class: "x-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(ticks, [1.5e-323, 4.94e-321])
    }

    func testNaNInfinitiesAndNonPositiveValuesOnLogAxesAreSkipped() {
        var plot = LinePlot(yScale: .logarithmic)
        plot.addSeries("gappy", x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, .nan, 4, 0, -1, 8])
        plot.addSeries("diverged", x: [0, 1], y: [.infinity, 3])
        let document = Elements.parse(plot.svg())
        let paths = document.named("path")
        let gappy = paths.first { $0["data-series"] == "gappy" }?["d"] ?? ""
        XCTAssertEqual(gappy.filter { $0 == "M" }.count, 3, gappy)
        XCTAssertEqual(gappy.filter { $0 == "L" }.count, 1, gappy)
        XCTAssertFalse(gappy.contains("nan") || gappy.contains("inf"))
        // Isolated points get a marker, since a path of one point draws nothing.
        XCTAssertEqual(document.named("circle").count, 3)
        let yTicks = document.named("line", class: "y-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertEqual(yTicks, [1, 10])
    }

    func testEmptyAndConstantPlotsStillDrawAxes() {
        let empty = Elements.parse(LinePlot(title: "nothing yet").svg())
        XCTAssertFalse(empty.named("line", class: "x-tick").isEmpty)
        var constant = LinePlot()
        constant.addSeries("flat", x: [1, 2, 3], y: [5, 5, 5])
        let document = Elements.parse(constant.svg())
        let yTicks = document.named("line", class: "y-tick").compactMap { $0["data-value"].flatMap(Double.init) }
        XCTAssertLessThan(yTicks.first!, 5)
        XCTAssertGreaterThan(yTicks.last!, 5)
    }

    func testWritesAFile() throws {
        let directory = try TestFiles.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("loss.svg")
        var plot = LinePlot(title: "Training", xLabel: "step", yLabel: "loss", yScale: .logarithmic)
        plot.addSeries("train", x: (1...100).map(Double.init), y: (1...100).map { 1 / Double($0) })
        try plot.write(to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), plot.svg())
        XCTAssertEqual(try TestFiles.contents(of: directory), ["loss.svg"])
    }
}
