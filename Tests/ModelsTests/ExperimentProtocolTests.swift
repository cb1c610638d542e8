import Foundation
import Models
import XCTest

/// The reproduction protocol: intervals, fitted slopes, the three verdicts, result files and the report table. The
/// reference numbers are SciPy's (scipy.stats.t.ppf, linregress), computed independently.
final class ExperimentProtocolTests: XCTestCase {
    func testStudentTQuantilesMatchSciPy() {
        let references: [(Double, Double)] = [
            (1, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078), (4, 2.7764451051977934),
            (5, 2.5705818356363146), (9, 2.262157162798205), (29, 2.045229642132703), (100, 1.9839715185235518),
        ]
        for (nu, expected) in references {
            XCTAssertEqual(
                Statistics.studentTQuantile(0.975, degreesOfFreedom: nu), expected, accuracy: 1e-9, "ν = \(nu)")
        }
        XCTAssertEqual(Statistics.studentTQuantile(0.9, degreesOfFreedom: 7), 1.4149239276505086, accuracy: 1e-9)
        XCTAssertEqual(Statistics.studentTQuantile(0.1, degreesOfFreedom: 7), -1.4149239276505086, accuracy: 1e-9)
        XCTAssertEqual(
            Statistics.studentTDistribution(-1.3, degreesOfFreedom: 3.5), 0.1362977079021851, accuracy: 1e-10)
    }

    func testSeedEstimateHasTheStudentTInterval() throws {
        let estimate = Estimate(values: [0.9, 1.1, 0.95, 1.3, 1.02])
        XCTAssertEqual(estimate.mean, 1.054, accuracy: 1e-12)
        let interval = try XCTUnwrap(estimate.interval)
        XCTAssertEqual(interval.lower, 0.8593317932290402, accuracy: 1e-9)
        XCTAssertEqual(interval.upper, 1.2486682067709594, accuracy: 1e-9)
        XCTAssertNil(Estimate(values: [3]).interval)
        XCTAssertNil(Estimate.exact(3).interval)
    }

    func testLogLogFitMatchesSciPyLinregress() throws {
        let fit = LineFit.logLog(x: [16, 32, 64, 128, 256], y: [3.1, 2.0, 1.2, 0.71, 0.40])
        XCTAssertEqual(fit.slope.mean, -0.7402501691043794, accuracy: 1e-12)
        let interval = try XCTUnwrap(fit.slope.interval)
        XCTAssertEqual(interval.lower, -0.8051033281851333, accuracy: 1e-9)
        XCTAssertEqual(interval.upper, -0.6753970100236254, accuracy: 1e-9)
        XCTAssertEqual(fit.pointCount, 5)
        // Points on a line: the slope exactly, with a zero-width interval and R² = 1.
        let exact = LineFit.linear(x: [0, 1, 2, 3], y: [1, 3, 5, 7])
        XCTAssertEqual(exact.slope.mean, 2, accuracy: 1e-14)
        XCTAssertEqual(exact.intercept, 1, accuracy: 1e-14)
        XCTAssertEqual(exact.rSquared, 1, accuracy: 1e-14)
        XCTAssertEqual(try XCTUnwrap(exact.slope.interval).upper, 2, accuracy: 1e-12)
    }

    func testVerdictsFollowTheInterval() {
        func verdict(_ values: [Double], _ condition: Condition) -> Verdict {
            Claim(name: "c", statement: "s", measured: Estimate(values: values), condition: condition).verdict
        }
        // Mean 1.054, interval [0.859, 1.249].
        let seeds = [0.9, 1.1, 0.95, 1.3, 1.02]
        XCTAssertEqual(verdict(seeds, .below(1.3)), .pass)
        XCTAssertEqual(verdict(seeds, .below(1.1)), .inconclusive, "the mean passes, the interval straddles")
        XCTAssertEqual(verdict(seeds, .below(0.85)), .fail)
        XCTAssertEqual(verdict(seeds, .above(0.8)), .pass)
        XCTAssertEqual(verdict(seeds, .atLeast(1.25)), .fail)
        XCTAssertEqual(verdict(seeds, .between(0.8, 1.3)), .pass)
        XCTAssertEqual(verdict(seeds, .between(1.0, 1.3)), .inconclusive)
        XCTAssertEqual(verdict(seeds, .between(1.3, 2)), .fail)
        XCTAssertEqual(verdict([0.5], .below(1)), .inconclusive, "one seed cannot support a comparison")
        XCTAssertEqual(verdict([0.5, .nan], .below(1)), .fail, "a diverged seed fails")
        XCTAssertEqual(Claim(name: "c", statement: "s", measured: .exact(0.5), condition: .below(1)).verdict, .pass)
        XCTAssertEqual(Claim(name: "c", statement: "s", measured: .exact(1), condition: .below(1)).verdict, .fail)
        XCTAssertEqual(Claim(name: "c", statement: "s", measured: .exact(1), condition: .atMost(1)).verdict, .pass)
    }

    func testSeedsAndSizesFollowTheConfiguration() {
        let folder = URL(fileURLWithPath: "/tmp")
        XCTAssertEqual(ExperimentConfiguration(outputDirectory: folder).seeds(), [0, 1, 2, 3, 4])
        XCTAssertEqual(ExperimentConfiguration(scale: .quick, outputDirectory: folder).seeds(), [0, 1])
        XCTAssertEqual(
            ExperimentConfiguration(scale: .quick, seedCount: 3, baseSeed: 10, outputDirectory: folder).seeds(),
            [10, 11, 12])
        XCTAssertEqual(
            ExperimentConfiguration(scale: .toy, outputDirectory: folder).value(full: 1, quick: 2, toy: 3), 3)
    }

    /// A result with every kind of figure, a non-finite one included, survives the JSON round trip and lands in the
    /// report table.
    func testResultRoundTripsThroughJSONAndReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("protocol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("toy"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let claims = [
            Claim(name: "exact", statement: "a | b", measured: .exact(0.25), condition: .below(1)),
            Claim(name: "seeds", statement: "s", measured: Estimate(values: [1, 1.2, 1.1]), condition: .atLeast(0)),
            Claim(
                name: "slope", statement: "s", measured: LineFit.linear(x: [1, 2, 3, 4], y: [2, 4.1, 5.9, 8]).slope,
                condition: .between(1.5, 2.5)),
            Claim(
                name: "diverged", statement: "s", measured: Estimate(values: [.nan, .infinity]), condition: .below(1)),
        ]
        var result = ExperimentResult(
            experiment: "toy", paper: "A paper", configuration: ["steps": "10"], seeds: [0, 1, 2], claims: claims)
        result.seconds = 1.5
        let file = folder.appendingPathComponent("toy/result.json")
        try result.write(to: file)
        let read = try ExperimentResult.read(from: file)
        XCTAssertEqual(read.claims.map(\.verdict), [.pass, .pass, .pass, .fail])
        XCTAssertEqual(read.claims.map(\.condition), claims.map(\.condition))
        XCTAssertEqual(read.claims[1].measured, claims[1].measured)
        XCTAssertEqual(read.claims[2].measured, claims[2].measured)
        XCTAssertTrue(read.claims[3].measured.mean.isNaN)
        XCTAssertEqual(read.seconds, 1.5)
        XCTAssertFalse(read.holds)
        let table = ResultsTable.markdown(try ResultsTable.results(in: folder))
        XCTAssertEqual(table.split(separator: "\n").count, 2 + claims.count, table)
        XCTAssertTrue(table.contains("a \\| b"), "a pipe in a statement is escaped:\n\(table)")
        XCTAssertTrue(table.contains("**FAIL**"), table)
        try Data("{".utf8).write(to: file)
        XCTAssertThrowsError(try ResultsTable.results(in: folder)) { error in
            XCTAssertTrue("\(error)".contains("result.json"), "\(error)")
        }
    }

    /// Every registered experiment has a unique name, a summary and a paper.
    func testRegistryNamesAreUnique() {
        let names = ExperimentRegistry.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "\(names)")
        for experiment in ExperimentRegistry.all {
            XCTAssertFalse(experiment.summary.isEmpty || experiment.paper.isEmpty, experiment.name)
            XCTAssertTrue(ExperimentRegistry.named(experiment.name) != nil)
        }
    }
}
