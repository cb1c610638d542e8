import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The chaos-forecasting reproduction at toy size: its files, finite figures in their bands, determinism under a seed;
/// and the mechanics of its data (trajectories on the attractor at dysts' sampling).
final class ChaosForecastingReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(ChaosForecastingExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 5)
        for claim in first.claims {
            XCTAssert(claim.measured.values.allSatisfy(\.isFinite), "\(claim.name)\n\(first.table)")
        }
        XCTAssert((0...4).contains(first.claims[0].measured.mean), "a count of systems")
        for claim in first.claims[1...2] { XCTAssertGreaterThan(claim.measured.mean, 0, claim.name) }
        for claim in first.claims[3...4] {
            XCTAssert((0.2...4).contains(claim.measured.mean), "\(claim.name): \(claim.measured.values)")
        }
        for file in ["vpt.csv", "vpt.svg", "lorenz_nrmse.csv", "lorenz_nrmse.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let second = try ExperimentRunner.run(ChaosForecastingExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.measured.values), second.claims.map(\.measured.values))
    }

    /// Trajectories stay bounded on each attractor with about the standard deviation dysts records for it, and a
    /// sample interval of period/30.
    func testTrajectoriesLieOnTheAttractors() {
        var generator = RandomGenerator(seed: 9)
        let dystsDeviations: [String: Double] = ["Lorenz": 8.5, "Rossler": 4.5, "Thomas": 2.2, "Halvorsen": 4.4]
        for system in ChaoticSystem.all {
            let data = system.trajectories(2, length: 600, using: &generator)
            XCTAssertEqual(data.shape, [2, 600, 3])
            XCTAssert(data.isAllFinite, system.name)
            let deviation = (data - data.mean(axes: [0, 1])).square().mean().sqrt().item()
            let expected = dystsDeviations[system.name]!
            XCTAssert((0.6 * expected...1.5 * expected).contains(deviation), "\(system.name): σ \(deviation)")
            XCTAssertEqual(system.interval * ChaoticSystem.pointsPerPeriod, system.period, accuracy: 1e-12)
        }
    }
}
