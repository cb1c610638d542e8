import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// SDGD at toy size: the pipeline runs, trains below the untrained error, writes its files and is deterministic in
/// its training figures; the two-body source is the Laplacian of the exact solution; the sampled loss with every
/// dimension is the full loss.
final class SDGDReproductionTests: XCTestCase {
    func testToyRunTrainsWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sdgd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(SDGDExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for file in ["training.csv", "training.svg", "step_times.csv", "step_times.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let curves = try CSV.load(from: folder.appendingPathComponent("training.csv"), dtype: .float64)
        XCTAssertEqual(curves.values.shape[1], 3, "step and two seeds")
        let errors = curves.values.toDoubles()
        XCTAssertTrue(errors.allSatisfy(\.isFinite))
        for seed in 0..<2 {
            let column = (0..<curves.values.shape[0]).map { curves.values.element(at: [$0, seed + 1]) }
            XCTAssertLessThan(column.last!, column.first!, "seed \(seed) does not train: \(column)")
        }
        for claim in first.claims.dropFirst() {
            XCTAssertTrue(claim.measured.mean.isFinite && claim.measured.mean > 0, "\(claim.name)")
        }
        let second = try SDGDExperiment().run(configuration)
        XCTAssertEqual(second.claims[0].measured, first.claims[0].measured, "same seed, same training figures")
    }

    /// f = Δu* by central differences of u* at a few points of the ball.
    func testSourceIsTheLaplacianOfTheSolution() {
        var g = RandomGenerator(seed: 7)
        let d = 5
        let problem = TwoBodyPoisson(dimension: d, using: &g)
        let points = Samplers.ball(count: 4, dimension: d, dtype: .float64, using: &g)
        let source = problem.source(at: points)
        let h = 1e-4
        for n in 0..<4 {
            let p = points.selected(axis: 0, index: n).toDoubles()
            var laplacian = 0.0
            for i in 0..<d {
                var plus = p
                var minus = p
                plus[i] += h
                minus[i] -= h
                let values = problem.solution(at: Tensor([plus, p, minus].flatMap { $0 }, shape: [3, d]))
                laplacian += (values[0] - 2 * values[1] + values[2]) / (h * h)
            }
            XCTAssertEqual(source[n], laplacian, accuracy: 1e-5 * max(1, abs(laplacian)), "point \(n)")
        }
    }

    /// The authors' points lie in the ball with radius uniform in [0, 1] (mean 1/2, not the volume-uniform d/(d + 1)).
    func testAuthorsPointsAreUniformInRadius() {
        var g = RandomGenerator(seed: 5)
        let points = TwoBodyPoisson.points(count: 4000, dimension: 100, using: &g)
        let radii = points.cast(to: .float64).square().sum(axes: [1]).sqrt().toDoubles()
        XCTAssertTrue(radii.allSatisfy { $0 <= 1 + 1e-6 })
        let mean = radii.reduce(0, +) / Double(radii.count)
        XCTAssertEqual(mean, 0.5, accuracy: 4 * (1 / 12.0 / Double(radii.count)).squareRoot())
    }

    /// With all d dimensions sampled, the SDGD loss is the full forward-Laplacian loss (same points).
    func testSampledLossWithEveryDimensionIsTheFullLoss() {
        var g = RandomGenerator(seed: 3)
        let setup = SDGDExperiment.Setup(
            dimension: 6, width: 8, sampledDimensions: 6, points: 16, steps: 1, testPoints: 1, evaluationInterval: 1)
        let problem = TwoBodyPoisson(dimension: 6, using: &g)
        let network = SDGDExperiment.network(setup, using: &g)
        var a = RandomGenerator(seed: 11)
        var b = RandomGenerator(seed: 11)
        let sampled = SDGDExperiment.sampledLoss(
            network, problem: problem, setup: setup, sample: DimensionSample(dimension: 6, indices: Array(0..<6)),
            using: &a)
        let full = SDGDExperiment.fullLoss(network, problem: problem, setup: setup, using: &b)
        XCTAssertEqual(sampled.item(), full.item(), accuracy: 1e-4 * full.item())
    }
}
