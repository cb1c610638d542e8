import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The WoS-NO study at toy size: its files and figures; the Poisson family's consistency; WoS labels against the
/// exact solution.
final class WoSNOReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wos-no-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(WoSNOExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 2)
        for file in ["errors.csv", "zscores.csv", "learning.svg", "solutions.svg", "zscores.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let errors = try CSV.load(from: folder.appendingPathComponent("errors.csv"), dtype: .float64)
        XCTAssertEqual(errors.values.shape, [2, 7])
        let values = errors.values.toDoubles()
        XCTAssertEqual([values[0], values[7]], [0, 1], "the seed column holds the seeds")
        for row in 0..<2 {
            for column in 1...3 {
                XCTAssert(values[row * 7 + column].isFinite && values[row * 7 + column] > 0, "row \(row) \(values)")
            }
            // An untrained operator is far from u; a few steps cannot make either error tiny or blow it up.
            XCTAssert((0.01...20).contains(values[row * 7 + 1]) && (0.01...20).contains(values[row * 7 + 2]))
        }
        let zScores = try CSV.load(from: folder.appendingPathComponent("zscores.csv"), dtype: .float64)
        XCTAssertEqual(zScores.values.shape, [20, 6])
        let second = try WoSNOExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// f = Δu for the family's closed form (five-point stencil), u = g on the boundary, and 256 sensors.
    func testTheFamilysSourceIsTheLaplacianOfItsSolution() {
        var generator = RandomGenerator(seed: 3)
        let instance = PoissonInstance.sample(using: &generator)
        let h = 1e-3
        for (x, y) in [(0.3, 0.7), (0.5, 0.5), (0.9, 0.15)] {
            let stencil =
                (instance.exact(x + h, y) + instance.exact(x - h, y) + instance.exact(x, y + h)
                    + instance.exact(x, y - h) - 4 * instance.exact(x, y)) / (h * h)
            XCTAssertEqual(stencil, instance.source(x, y), accuracy: 1e-3 * max(1, abs(instance.source(x, y))))
        }
        for (x, y) in [(0.0, 0.4), (1.0, 0.2), (0.6, 0.0), (0.3, 1.0)] {
            XCTAssertEqual(instance.exact(x, y), PoissonInstance.boundary(x, y), accuracy: 1e-12)
        }
        XCTAssertEqual(instance.sensors.count, 256)
    }

    /// With many walks, the training labels approach u (the mechanics of the WoS supervision).
    func testWalkOnSpheresLabelsApproachTheSolution() {
        var generator = RandomGenerator(seed: 4)
        let instances = (0..<2).map { _ in PoissonInstance.sample(using: &generator) }
        let points = [0.2, 0.3, 0.6, 0.8, 0.5, 0.5]
        var settings = WoSNOTraining.Settings(steps: 1, evaluationInterval: 1)
        settings.walksPerPoint = 4000
        let labels = WoSNOTraining.walkOnSpheresLabels(instances, points: points, settings: settings, using: &generator)
        XCTAssertEqual(labels.shape, [2, 3])
        let values = labels.toDoubles()
        for b in 0..<2 {
            for p in 0..<3 {
                XCTAssertEqual(values[b * 3 + p], instances[b].exact(points[2 * p], points[2 * p + 1]), accuracy: 0.1)
            }
        }
    }
}
