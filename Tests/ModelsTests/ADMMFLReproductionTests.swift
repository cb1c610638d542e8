import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The ADMM-FL study at toy size: files, finite figures, determinism; the problem's WLS solution solves the normal
/// equations; noise-free runs of every method reach it.
final class ADMMFLReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("admm-fl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(ADMMFLExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 2)
        for file in ["steady_msd.csv", "msd_curves.csv", "msd_curves.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let steady = try CSV.load(from: folder.appendingPathComponent("steady_msd.csv"), dtype: .float64)
        XCTAssertEqual(steady.values.shape, [2 * 3, 4], "2 seeds × 1 noise level × 3 methods")
        // 150 rounds at σ² = 1e-3: the MSD has dropped from ‖ŵ‖² (≈ 10, +10 dB) below 0 dB, and stays above the
        // floor of one round of uplink noise averaged over 50 clients (10·log10(1e-3·10/50) ≈ −37 dB) less 8 dB.
        for value in steady.values.selected(axis: 1, index: 3).toDoubles() {
            XCTAssert(value < 0 && value > -45, "steady MSD \(value) dB")
        }
        XCTAssertLessThan(first.claims[1].measured.mean, 1)
        let second = try ADMMFLExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    func testNoiseFreeRunsReachTheWeightedLeastSquaresSolution() throws {
        var generator = RandomGenerator(seed: 5)
        let problem = try ADMMFLExperiment.problem(using: &generator)
        let features = Tensor.concatenated(problem.clients.map(\.features), axis: 0)
        let targets = Tensor.concatenated(problem.clients.map(\.targets), axis: 0).reshaped([-1, 1])
        let solution = Tensor(problem.solution, shape: [ADMMFLExperiment.dimension, 1])
        let gradient = features.transposed(0, 1).matmul(features.matmul(solution) - targets).toDoubles()
        XCTAssertLessThan(gradient.map(abs).max()!, 1e-10, "ŵ solves the normal equations")
        for method in ADMMFLExperiment.Method.allCases {
            let deviation = try ADMMFLExperiment.deviations(method, problem, noiseVariance: 0, rounds: 1500, seed: 1)
            XCTAssertLessThan(deviation.last!, 1e-10, "\(method)")
        }
    }
}
