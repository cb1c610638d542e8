import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The StNN reproduction at toy size: files, finite figures in their bands, determinism; the mechanics of its parts
/// (parameter counts of the two networks, the rollout feeds its forecasts back, the FFT and gather StNNs agree).
final class StNNReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stnn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(StNNExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for claim in first.claims {
            XCTAssertEqual(claim.measured.values.count, claim.name.contains("parameters") ? 1 : 2, claim.name)
            XCTAssert(claim.measured.values.allSatisfy { $0.isFinite && $0 > 0 }, "\(claim.name)\n\(first.table)")
        }
        for file in ["nrmse.csv", "rollout.svg", "training_loss.svg", "nrmse.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let second = try ExperimentRunner.run(StNNExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.measured.values), second.claims.map(\.measured.values))
    }

    func testNetworksHaveTheirParameterCounts() {
        var generator = RandomGenerator(seed: 0)
        XCTAssertEqual(DelayNetworks.dense(window: 64, using: &generator).parameterCount, 64 * 65 * 2 + 65)
        XCTAssertEqual(DelayNetworks.structured(window: 64, using: &generator).parameterCount, (127 + 64) * 2 + 65)
    }

    /// A forecaster that adds 1 to the newest value: the rollout from (0, …, q−1) is q, q + 1, ….
    func testRolloutFeedsForecastsBack() {
        let window = Tensor((0..<5).map(Double.init), shape: [1, 5], dtype: .float64)
        let rollout = DelayRollout.rollout(window, horizon: 4) { w in w.selected(axis: 1, index: 4) + 1 }
        XCTAssertEqual(rollout.toDoubles(), [5, 6, 7, 8])
    }

    func testDataHasTheAskedLengthsAndStaysOnTheAttractor() {
        let sets = LorenzDelayData.make(seeds: [1, 2], trainSteps: 200, testSteps: 50)
        XCTAssertEqual(sets.count, 2)
        XCTAssertEqual(sets[0].trainStates.shape, [200, 3])
        XCTAssertEqual(sets[1].testStates.shape, [50, 3])
        XCTAssertNotEqual(sets[0].trainSeries.toDoubles(), sets[1].trainSeries.toDoubles())
        // Lorenz-63's attractor: |x| < 25, 0 < z < 55.
        let z = sets[0].trainStates.selected(axis: 1, index: 2).toDoubles()
        XCTAssert(sets[0].trainSeries.toDoubles().allSatisfy { abs($0) < 25 })
        XCTAssert(z.allSatisfy { $0 > 0 && $0 < 55 })
        let (windows, next) = LorenzDelayData.pairs(sets[0].trainSeries, window: 64)
        XCTAssertEqual(windows.shape, [136, 64])
        XCTAssertEqual(next.toDoubles()[0], sets[0].trainSeries.toDoubles()[64])
    }
}
