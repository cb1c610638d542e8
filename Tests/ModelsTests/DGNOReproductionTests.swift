import Autograd
import Foundation
import Layers
import Tensor
import XCTest

@testable import Models

/// The DGNO study at toy size: its files and figures; the exact two-phase solution; the weak and strong losses
/// vanish (to quadrature accuracy) on the exact solution and see a wrong one.
final class DGNOReproductionTests: XCTestCase {
    func testToyRunWritesItsFilesAndIsDeterministic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dgno-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ExperimentConfiguration(scale: .toy, outputDirectory: folder)
        let first = try ExperimentRunner.run(DGNOExperiment(), configuration)
        XCTAssertEqual(first.claims.count, 3)
        for file in ["errors.csv", "loss.svg", "solutions.svg", "result.json"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let errors = try CSV.load(from: folder.appendingPathComponent("errors.csv"), dtype: .float64)
        XCTAssertEqual(errors.values.shape, [2, 4])
        XCTAssertEqual([errors.values.toDoubles()[0], errors.values.toDoubles()[4]], [0, 1], "the seed column")
        for (index, value) in errors.values.toDoubles().enumerated() where index % 4 != 0 {
            XCTAssert(value.isFinite && value > 0 && value < 1e3, "errors \(errors.values.toDoubles())")
        }
        let second = try DGNOExperiment().run(configuration)
        XCTAssertEqual(second.claims.map(\.measured), first.claims.map(\.measured), "same seed, same figures")
    }

    /// u(0) = u(1) = 0; the flux a u′ = C − x (difference quotients inside cells); a uniform a = 1 gives x(1 − x)/2.
    func testExactSolution() {
        var generator = RandomGenerator(seed: 1)
        let instance = TwoPhaseDarcy1d.sample(1, using: &generator)[0]
        XCTAssertEqual(Set(instance.coefficient), [1, 10], "a thresholded field has both phases")
        XCTAssertEqual(instance.solution(at: 0), 0, accuracy: 1e-15)
        XCTAssertEqual(instance.solution(at: 1), 0, accuracy: 1e-14)
        for x in [0.123, 0.456, 0.789] {
            let h = 1e-6
            let slope = (instance.solution(at: x + h) - instance.solution(at: x - h)) / (2 * h)
            XCTAssertEqual(instance.coefficient(at: x) * slope, instance.fluxAtZero - x, accuracy: 1e-7)
        }
        let uniform = TwoPhaseDarcy1d(coefficient: Array(repeating: 1, count: 100))
        XCTAssertEqual(uniform.solution(at: 0.3), 0.3 * 0.7 / 2, accuracy: 1e-14)
    }

    /// The weak residuals of the exact two-phase solution are zero up to quadrature error across interfaces (the
    /// flux C − x is smooth even where a jumps); those of a wrong solution, u = x(1 − x)/2 for a ≠ 1, are not.
    func testWeakResidualsOfTheExactSolution() {
        var generator = RandomGenerator(seed: 2)
        let instance = TwoPhaseDarcy1d.sample(1, using: &generator)[0]
        let quadrature = WeakFormQuadrature.uniform(count: 64, radius: 0.05, nodesPerSupport: 16, dtype: .float64)
        let points = quadrature.points
        let exactFlux = Tensor(points.map { instance.fluxAtZero - $0 }, shape: [1, points.count], dtype: .float64)
        let wrongFlux = Tensor(
            points.map { instance.coefficient(at: $0) * (0.5 - $0) }, shape: [1, points.count], dtype: .float64)
        let ones = Variable(Tensor.ones([1, points.count], dtype: .float64))
        let exact = quadrature.residuals(flux: Variable(exactFlux), source: ones).value.toDoubles()
        let wrong = quadrature.residuals(flux: Variable(wrongFlux), source: ones).value.toDoubles()
        XCTAssertLessThan(exact.map(abs).max()!, 1e-12)
        XCTAssertGreaterThan(wrong.map(abs).max()!, 1e-3)
    }

    /// Why a weak form in a·u′ cannot train a smooth network here, and the mixed form can: box-smoothing u* over
    /// ±0.005 (rel-L2 error below 1%) leaves a u′ that is continuous where a jumps tenfold, so a·u′ jumps at each
    /// interface and the weak residuals of the supports across it grow far above those of u = 0; the primal loss
    /// ranks the trivial u = 0 first. The mixed loss (flux s = C − x, constitutive residual s − a u′) ranks the smoothed
    /// solution first, ahead of u = 0 with its best flux 1/2 − x, and vanishes on the exact pair.
    func testPrimalWeakLossPrefersZeroAndMixedLossPrefersASmoothedSolution() {
        var generator = RandomGenerator(seed: 3)
        let instance = TwoPhaseDarcy1d.sample(1, using: &generator)[0]
        let quadrature = WeakFormQuadrature.uniform(count: 64, radius: 0.05, nodesPerSupport: 16, dtype: .float64)
        let points = quadrature.points
        let delta = 0.005
        let smoothed = { (x: Double) in
            (0...20).map { instance.solution(at: min(1, max(0, x + delta * (Double($0) / 10 - 1)))) }.reduce(0, +) / 21
        }
        let grid = (0...400).map { Double($0) / 400 }
        let (error, norm) = grid.reduce((0.0, 0.0)) { total, x in
            let u = instance.solution(at: x)
            return (total.0 + pow(smoothed(x) - u, 2), total.1 + u * u)
        }
        XCTAssertLessThan((error / norm).squareRoot(), 0.01, "the smoothed solution is close to the exact one")

        let row = { (values: [Double]) in Variable(Tensor(values, shape: [1, points.count], dtype: .float64)) }
        let a = row(points.map { instance.coefficient(at: $0) })
        let exactSlope = row(points.map { (instance.fluxAtZero - $0) / instance.coefficient(at: $0) })
        // The slope of the box-smoothed u: the mean of u* ′ over [x − δ, x + δ].
        let smoothedSlope = row(
            points.map {
                (instance.solution(at: min(1, $0 + delta)) - instance.solution(at: max(0, $0 - delta))) / (2 * delta)
            })
        let zero = row(Array(repeating: 0, count: points.count))
        let ones = row(Array(repeating: 1, count: points.count))
        let primal = { (slope: Variable) in
            quadrature.residuals(flux: a * slope, source: ones).square().mean().item()
        }
        XCTAssertGreaterThan(primal(smoothedSlope), 2 * primal(zero), "the primal loss prefers u = 0")
        XCTAssertLessThan(primal(exactSlope), 1e-20)

        let mixed = { (slope: Variable, flux: [Double]) in
            DGNOTraining.mixedWeakLoss(derivative: slope, flux: row(flux), coefficient: a, quadrature: quadrature)
                .item()
        }
        let exactFlux = points.map { instance.fluxAtZero - $0 }
        XCTAssertLessThan(mixed(exactSlope, exactFlux), 1e-20)
        XCTAssertLessThan(
            2 * mixed(smoothedSlope, exactFlux), mixed(zero, points.map { 0.5 - $0 }),
            "the mixed loss prefers the smoothed solution")
    }
}
