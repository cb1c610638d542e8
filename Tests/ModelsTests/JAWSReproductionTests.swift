import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The JAWS reproduction at toy size: its files, finite figures, determinism under a seed, and the mechanics of the
/// adaptive weights (mean 1, small across a steep front).
final class JAWSReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jaws-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(JAWSExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 5)
        for claim in first.claims {
            XCTAssert(claim.measured.values.allSatisfy { $0.isFinite && $0 > 0 }, "\(claim.name)\n\(first.table)")
        }
        for file in ["rollout_error.csv", "rollout_error.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let second = try ExperimentRunner.run(JAWSExperiment(), configuration)
        XCTAssertEqual(first.claims.map(\.measured.values), second.claims.map(\.measured.values))
    }

    func testAdaptiveWeightsAverageOneAndDropAcrossAFront() {
        let n = 64
        let u = Tensor((0..<n).map { tanh(20 * (Double($0) / Double(n) - 0.5)) }, shape: [1, n], dtype: .float32)
        let w = JAWSTraining.adaptiveWeights(u).toDoubles()
        XCTAssertEqual(w.reduce(0, +) / Double(n), 1, accuracy: 1e-5)
        XCTAssertLessThan(w[n / 2], 0.2 * w[n / 4], "the weight at the front is small against a smooth region")
    }
}
