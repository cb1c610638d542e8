import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// GP-HM at toy size: the Kronecker loss equals the dense one, and the run writes finite figures in their ranges and
/// is deterministic. Verdicts are not asserted.
final class GPHMReproductionTests: XCTestCase {
    /// The 2-D solver's loss (per-axis Cholesky factors, Kronecker quadratic form and Kronecker-sum Laplacian) equals
    /// the same negative log joint computed with the dense (n₁n₂)² covariance and operators.
    func testKroneckerLossEqualsTheDenseLoss() throws {
        let (n1, n2) = (6, 5)
        var generator = RandomGenerator(seed: 3)
        let source = Tensor.normal([n1, n2], standardDeviation: 1, dtype: .float64, using: &generator)
        let boundaryValues = Tensor.normal([n1, n2], standardDeviation: 1, dtype: .float64, using: &generator)
        let solver = KroneckerPoissonSolver(
            components: 3, frequencyScale: 2, source: source, boundaryValues: boundaryValues)
        let u = Tensor.normal([n1, n2], standardDeviation: 1, dtype: .float64, using: &generator)
        solver.solution.assign(u)
        let kronecker = try solver.loss().item()

        let factors = try solver.priors.map { try $0.factors() }
        let k = factors[0].covariance.value.kronecker(factors[1].covariance.value)
        let operators = try factors.map { factor in
            try Linalg.solve(factor.covariance.value, factor.curvature.value.transposed()).transposed()  // K⁽²⁾K⁻¹
        }
        let laplacian =
            operators[0].kronecker(Tensor.eye(n2, dtype: .float64))
            + Tensor.eye(n1, dtype: .float64).kronecker(operators[1])
        let vector = u.reshaped([n1 * n2])
        let quadratic = (vector * (try Linalg.solve(k, vector))).sum().item()
        let logDeterminant = Linalg.logDeterminant(k).logAbsoluteValue.item()
        let equationGap = (laplacian.matmul(vector) - source.reshaped([n1 * n2])).square().sum().item()
        let boundaryGap = ((u - solver.boundaryValues) * solver.boundaryMask).square().sum().item()
        // log τ = log v = 0 initially, so the likelihood terms are ½·gap.
        let dense = 0.5 * logDeterminant + 0.5 * quadratic + 200 * 0.5 * boundaryGap + 0.5 * equationGap
        XCTAssertEqual(kronecker, dense, accuracy: 1e-8 * Swift.abs(dense))
    }

    func testToyRunWritesFiniteFiguresAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gp-hm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(GPHMExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 6)
        for claim in result.claims {
            XCTAssert(claim.measured.mean.isFinite, "\(claim.name): \(claim.measured.mean)")
        }
        let errors = [result.claims[0].measured.mean, result.claims[4].measured.mean]
        XCTAssert(errors.allSatisfy { $0 > 0 && $0 < 10 }, "relative errors \(errors)")
        let pruned = result.claims[2].measured.mean
        XCTAssert(pruned >= 0 && pruned < 1, "pruned fraction \(pruned)")
        XCTAssertEqual(result.claims[1].measured.values.count, 2, "one PINN ratio per seed")
        for file in result.files + ["result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let again = try GPHMExperiment().run(configuration)
        XCTAssertEqual(again.claims.dropLast().map(\.measured), result.claims.dropLast().map(\.measured))
    }
}
