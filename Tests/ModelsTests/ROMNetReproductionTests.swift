import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The ROM-net clustering study at toy size (files, errors in [0, 1], determinism), the snapshots against their
/// formula, POD against Eckart–Young, and Spearman's correlation against SciPy.
final class ROMNetReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rom-net-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(ROMNetExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for file in ["errors_k4.csv", "criterion.csv", "criterion.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let errors = try CSV.load(from: folder.appendingPathComponent("errors_k4.csv"), dtype: .float64)
        XCTAssertEqual(errors.values.shape, [2, 4])
        for error in errors.values.narrowed(axis: 1, start: 1, length: 3).toDoubles() {
            XCTAssertGreaterThan(error, 0)
            XCTAssertLessThan(error, 1)
        }
        // The criterion (mean 1 − cos² to the medoid) lies in [0, 1]; more medoids fit better, so no K's criterion
        // exceeds that of K = 2.
        let sweep = try CSV.load(from: folder.appendingPathComponent("criterion.csv"), dtype: .float64)
        XCTAssertEqual(sweep.values.shape, [7, 5])
        let criterion = sweep.values.selected(axis: 1, index: 1).toDoubles()
        XCTAssertTrue(criterion.allSatisfy { $0 >= 0 && $0 <= criterion[0] + 1e-12 }, "\(criterion)")
        let second = try ROMNetExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    func testSnapshotsFollowTheirFormula() {
        var generator = RandomGenerator(seed: 3)
        let data = PulseSnapshots(count: 3, gridSize: 16, using: &generator)
        let mu = data.parameters.toDoubles()
        let u = data.snapshots.toDoubles()
        for i in 0..<3 {
            for (r, range) in PulseSnapshots.ranges.enumerated() { XCTAssertTrue(range.contains(mu[3 * i + r])) }
            let x = 5.5 / 16
            let expected =
                exp(-pow(x - mu[3 * i], 2) / (2 * pow(mu[3 * i + 1], 2))) * (1 + mu[3 * i + 2] * sin(8 * Double.pi * x))
            XCTAssertEqual(u[16 * i + 5], expected, accuracy: 1e-14)
        }
        let normalized = data.normalizedParameters.toDoubles()
        XCTAssertTrue(normalized.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    /// The summed squared projection error of the snapshots on their rank-r POD is Σ_{j>r} σ_j²; a vector of the
    /// span projects with no error.
    func testPODMeetsEckartYoung() throws {
        var generator = RandomGenerator(seed: 4)
        let snapshots = Tensor.normal([12, 20], dtype: .float64, using: &generator)
        let pod = try ProperOrthogonalDecomposition(snapshots: snapshots, rank: 4)
        XCTAssertEqual(pod.basis.shape, [20, 4])
        let gram = pod.basis.transposed().matmul(pod.basis).toDoubles()
        for (value, expected) in zip(gram, Tensor.eye(4, dtype: .float64).toDoubles()) {
            XCTAssertEqual(value, expected, accuracy: 1e-12)
        }
        let errors = pod.relativeProjectionErrors(snapshots)
        let norms = snapshots.square().sum(axis: 1).toDoubles()
        let summed = zip(errors, norms).reduce(0.0) { $0 + $1.0 * $1.0 * $1.1 }
        let tail = pod.singularValues.dropFirst(4).reduce(0.0) { $0 + $1 * $1 }
        XCTAssertEqual(summed, tail, accuracy: 1e-9 * tail)
        let inSpan = pod.basis.matmul(Tensor([1, -2, 0.5, 3], shape: [4, 1], dtype: .float64)).transposed()
        XCTAssertEqual(pod.relativeProjectionErrors(inSpan)[0], 0, accuracy: 1e-12)
    }

    func testSpearmanMatchesSciPy() {
        // scipy.stats.spearmanr: 0.8207826816681233 (a tie in y), 1, −1.
        XCTAssertEqual(Statistics.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.8207826816681233, accuracy: 1e-12)
        XCTAssertEqual(Statistics.spearman([3, 1, 2], [30, 10, 20]), 1, accuracy: 1e-15)
        XCTAssertEqual(Statistics.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-15)
    }
}
