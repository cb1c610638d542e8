import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

@testable import Models

/// SLIM-KL at toy size (files, figures in their bands, the bit ratio, determinism) and the mechanics of its weight
/// learning: the objective's hand-derived derivatives against autograd through the GP's Cholesky factor and against
/// central differences, and SCA's descent to sparse nonnegative weights.
final class SLIMKLReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slim-kl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(SLIMKLExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 6)
        for file in ["mse.csv", "weights.csv", "residuals.csv", "residuals.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let table = try CSV.load(from: folder.appendingPathComponent("mse.csv"), dtype: .float64)
        XCTAssertEqual(table.values.shape[0], 2, "one row per seed")
        let rows = table.values.toDoubles()
        let columns = table.values.shape[1]
        for row in 0..<2 {
            // MSEs against f (whose variance is ~0.6): positive, finite, and below predicting 0 by a margin.
            for column in 1...4 {
                let mse = rows[row * columns + column]
                XCTAssert(mse > 0 && mse < 0.6, "MSE column \(column): \(mse)")
            }
            for column in 5...7 { XCTAssert((0...1).contains(rows[row * columns + column])) }
        }
        // 16 sub-kernels: 8-bit messages carry 8·16 + 128 bits against 64·16.
        XCTAssertEqual(first.claims[5].measured.mean, Double(8 * 16 + 128) / Double(64 * 16), accuracy: 1e-15)
        let weights = try CSV.load(from: folder.appendingPathComponent("weights.csv"), dtype: .float64)
        XCTAssertEqual(weights.values.shape, [16, 5])
        XCTAssert(weights.values.toDoubles().allSatisfy { $0 >= 0 }, "frequencies and weights are nonnegative")
        let second = try SLIMKLExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    private func objective(points: Int, seed: UInt64) -> (
        KernelWeightObjective, GridSpectralMixtureProductKernel, Tensor, Tensor
    ) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.uniform([points, 2], dtype: .float64, using: &generator)
        let values = x.toDoubles()
        let y = Tensor(
            (0..<points).map { SLIMKLExperiment.target(values[2 * $0], values[2 * $0 + 1]) }, shape: [points],
            dtype: .float64)
        let grid = SLIMKLExperiment.kernel(weights: [Double](repeating: 0, count: 16), frequenciesPerAxis: 4)
        return (KernelWeightObjective(basis: grid.subKernelMatrices(x, x), targets: y, noiseVariance: 0.05), grid, x, y)
    }

    /// ∇ℓ = ∇(yᵀC⁻¹y) + g equals 2·∇(−log p) from autograd through GaussianProcessRegression's Cholesky factor, and
    /// the Hessian of yᵀC⁻¹y equals central differences of its gradient.
    func testObjectiveDerivativesAgreeWithAutogradAndFiniteDifferences() throws {
        let (objective, grid, x, y) = objective(points: 14, seed: 3)
        let alpha = Samples.positive(16, in: 0.05, 0.6)
        let point = try objective.factorize(alpha)
        let (quadraticGradient, hessian) = try objective.quadraticDerivatives(point)
        let g = objective.logDeterminantGradient(point)
        let weights = Variable.leaf(Tensor(alpha, shape: [16], dtype: .float64), name: "α")
        let regression = try GaussianProcessRegression(
            kernel: GridSpectralMixtureProductKernel(
                weights: weights, frequencies: grid.frequencies, lengthscales: grid.lengthscales),
            inputs: x, targets: y, noiseVariance: Variable(Tensor(scalar: 0.05, dtype: .float64)))
        let nlml = regression.negativeLogMarginalLikelihood()
        XCTAssertEqual(point.value / 2 + 7 * log(2 * Double.pi), nlml.item(), accuracy: 1e-9)
        let autograd = gradients(of: nlml, wrt: [weights])[0].value.toDoubles()
        assertClose(zip(quadraticGradient, g).map { $0 + $1 }, autograd.map { 2 * $0 }, relativeTolerance: 1e-8)
        let h = 1e-6
        for l in [0, 5, 11] {
            var plus = alpha
            var minus = alpha
            plus[l] += h
            minus[l] -= h
            let up = try objective.quadraticDerivatives(try objective.factorize(plus)).gradient
            let down = try objective.quadraticDerivatives(try objective.factorize(minus)).gradient
            assertClose(
                (0..<16).map { hessian[$0 * 16 + l] }, zip(up, down).map { ($0 - $1) / (2 * h) },
                relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "Hessian column \(l)")
        }
    }

    func testSCADescendsToNonnegativeWeightsWithExactZeros() throws {
        let (objective, _, _, _) = objective(points: 60, seed: 4)
        let start = [Double](repeating: 0.04, count: 16)
        let initial = try objective.factorize(start).value
        let weights = try objective.minimize(from: start, outerIterations: 6, newtonSteps: 3)
        let final = try objective.factorize(weights).value
        XCTAssertLessThan(final, initial - 1)
        XCTAssert(weights.allSatisfy { $0 >= 0 })
        XCTAssert(weights.contains(0), "the projected Newton steps set weights exactly to 0: \(weights)")
        // A proximal step pulls toward its anchor: with a huge ρ the solution is (nearly) the anchor's projection.
        let anchor = (0..<16).map { $0 % 2 == 0 ? 0.1 : -0.1 }
        let pulled = try objective.minimize(
            from: start, proximal: (anchor, 1e9), outerIterations: 2, newtonSteps: 3)
        assertClose(pulled, anchor.map { max($0, 0) }, relativeTolerance: 0, absoluteTolerance: 1e-5)
    }
}
