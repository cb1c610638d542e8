import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

@testable import Models

/// The hierarchical-polynomials reproduction at toy size (d = 6, n ∈ {40, 80}): files, finite figures in their bands,
/// determinism under a seed, and the mechanics — the quadratic feature is standardized, the autograd first step is the
/// closed-form rank-one update, and the outer layer is the ridge solution. Verdicts are not asserted.
final class HierarchicalPolynomialsReproductionTests: XCTestCase {
    func testToyRunWritesFiniteFiguresInBandsAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hierpoly-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let result = try ExperimentRunner.run(HierarchicalPolynomialsExperiment(), configuration)
        XCTAssertEqual(result.claims.count, 4)
        for claim in result.claims {
            XCTAssertEqual(claim.measured.values.count, 2, claim.name)
            for value in claim.measured.values {
                XCTAssertTrue(value.isFinite && value >= 0, "\(claim.name): \(value)")
            }
        }
        for value in result.claims[3].measured.values { XCTAssertLessThanOrEqual(value, 1 + 1e-12) }
        let csv = try String(contentsOf: folder.appendingPathComponent("errors.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + 2 * 2)
        for file in ["control_cube.csv", "errors.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let again = try HierarchicalPolynomialsExperiment().run(configuration)
        // Same seeds, same figures; threaded BLAS/LAPACK reductions may differ in the last bits between runs.
        for (first, second) in zip(result.claims, again.claims) {
            assertClose(
                second.measured.values, first.measured.values, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        }
    }

    /// A = Q·diag(±1)·Qᵀ is symmetric, squares to I and has trace 0; p has mean 0 and variance 1.
    func testQuadraticFeatureIsStandardized() throws {
        var generator = RandomGenerator(seed: 5)
        let target = try HierarchicalPolynomialTarget(dimension: 8, link: .hermite3, using: &generator)
        let a = target.matrix
        assertClose(a, a.transposed(), relativeTolerance: 0, absoluteTolerance: 1e-14)
        assertClose(a.matmul(a), Tensor.eye(8, dtype: .float64), relativeTolerance: 0, absoluteTolerance: 1e-12)
        let p = target.feature(Tensor.normal([40_000, 8], dtype: .float64, using: &generator))
        XCTAssertEqual(p.mean().item(), 0, accuracy: 0.03)
        XCTAssertEqual((p - p.mean()).square().mean().item(), 1, accuracy: 0.05)
        let sample = target.sample(5, using: &generator)
        let z = target.feature(sample.inputs).toDoubles()
        assertClose(sample.targets.toDoubles(), z.map { ($0 * $0 * $0 - 3 * $0) / 6.0.squareRoot() })
    }

    /// Stage 1 through autograd equals the closed form wᵢ = η₁aᵢ·u, u = (1/n)Σ yσ₂(Vx), with η₁ making the learned
    /// feature unit-variance; stage 2's outer weights are the primal ridge solution (HᵀH + λI)⁻¹Hᵀy.
    func testLayerwiseStagesMatchTheirClosedForms() throws {
        var generator = RandomGenerator(seed: 6)
        let target = try HierarchicalPolynomialTarget(dimension: 5, link: .cube, using: &generator)
        let first = target.sample(30, using: &generator)
        let second = target.sample(25, using: &generator)
        let network = LayerwiseThreeLayerNetwork(
            dimension: 5, innerWidth: 40, middleWidth: 6, biasRange: 3, using: &generator)
        XCTAssertEqual(network.predict(first.inputs).abs().max().item(), 0, "the symmetric start is f ≡ 0")
        network.trainFeature(inputs: first.inputs, targets: first.targets)
        let features = network.randomFeatures(first.inputs)  // [30, 40]
        let u = features.transposed().matmul(first.targets) / 30
        let phi = features.matmul(u)
        let stepSize = 1 / (phi - phi.mean()).square().mean().item().squareRoot()
        let expected = network.outer.value.unsqueezed(axis: 1) * (u * stepSize).unsqueezed(axis: 0)
        assertClose(network.middle.value, expected, relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        let learned = network.learnedFeature(first.inputs)
        XCTAssertEqual((learned - learned.mean()).square().mean().item(), 1, accuracy: 1e-10)

        let ridges = [1e-2, 1, 100]
        let chosen = try network.fitOuter(
            inputs: second.inputs, targets: second.targets, ridges: ridges, using: &generator)
        XCTAssert(ridges.contains(chosen.ridge))
        let units = network.middleUnits(Variable(second.inputs)).value  // [25, 6]
        let normal = units.transposed().matmul(units) + Tensor.eye(6, dtype: .float64) * chosen.ridge
        let primal = try Linalg.choleskySolve(Linalg.cholesky(normal), units.transposed().matmul(second.targets))
        assertClose(network.outer.value, primal, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
    }
}
