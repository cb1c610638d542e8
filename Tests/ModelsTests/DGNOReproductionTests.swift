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
}
