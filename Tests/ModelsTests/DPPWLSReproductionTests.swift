import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The DPP-WLS study at toy size: files, ratios ≥ 1 (no sample beats the L² projection), determinism; the optimal
/// sampler against its density.
final class DPPWLSReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dpp-wls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(DPPWLSExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 4)
        for file in ["ratios.csv", "dpp_ratios.csv", "ratios.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let ratios = try CSV.load(from: folder.appendingPathComponent("ratios.csv"), dtype: .float64)
        XCTAssertEqual(ratios.values.shape, [12, 5])
        let interpolation = try CSV.load(from: folder.appendingPathComponent("dpp_ratios.csv"), dtype: .float64)
        XCTAssertEqual(interpolation.values.shape, [60, 1])
        // Every fit lies in the span, so its error is at least the projection's (up to quadrature rounding).
        for ratio in ratios.values.toDoubles() + interpolation.values.toDoubles() where ratio.isFinite {
            XCTAssertGreaterThanOrEqual(ratio, 1 - 1e-9)
        }
        let dppRatios = interpolation.values.toDoubles()
        XCTAssertTrue(dppRatios.allSatisfy(\.isFinite), "a DPP sample is never singular: \(dppRatios)")
        let second = try DPPWLSExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    func testBatchMeans() {
        XCTAssertEqual(DPPWLSExperiment.batchMeans((0..<40).map(Double.init)), (0..<20).map { 2 * Double($0) + 0.5 })
        XCTAssertEqual(
            DPPWLSExperiment.batchMeans([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22])
                .last, 21)
        XCTAssertEqual(DPPWLSExperiment.batchMeans([3, 5]), [3, 5])
    }

    /// The rejection sampler has the density K(x, x)/m: P(|x| > 0.9) = ∫_{|x|>0.9} K dμ / m, by quadrature.
    func testOptimalSamplerFollowsTheChristoffelDensity() {
        let basis = LegendreBasis(dimension: 6)
        let quadrature = GaussLegendreQuadrature(count: 40)
        // ∫_{0.9}^{1} K dx/2 by quadrature mapped onto [0.9, 1], times 2 for both ends, over m.
        let tail =
            zip(quadrature.nodes, quadrature.weights).reduce(0.0) { total, node in
                total + node.1 * 0.05 * basis.christoffel(at: 0.95 + 0.05 * node.0) / 2
            } * 2 / 6
        var generator = RandomGenerator(seed: 2)
        let count = 50_000
        let hits = (0..<count).filter { _ in abs(DPPWLSExperiment.optimalSample(basis, using: &generator)) > 0.9 }.count
        let standardError = (tail * (1 - tail) / Double(count)).squareRoot()
        XCTAssertEqual(Double(hits) / Double(count), tail, accuracy: 4 * standardError, "tail mass \(tail)")
    }
}
