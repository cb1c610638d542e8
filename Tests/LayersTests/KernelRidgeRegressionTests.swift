import Foundation
import Layers
import Tensor
import XCTest

final class KernelRidgeRegressionTests: XCTestCase {
    private func problem() -> (x: Tensor, y: Tensor, kernel: Tensor) {
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.uniform([23, 2], low: -1, high: 1, dtype: .float64, using: &generator)
        let noise = Tensor.normal([23], standardDeviation: 0.2, dtype: .float64, using: &generator)
        let y = (x.selected(axis: 1, index: 0) * 3).sin() + x.selected(axis: 1, index: 1) + noise
        return (x, y, GaussianKernel(gamma: 2).matrix(x, x))
    }

    func testGaussianKernelMatchesTheDefinition() {
        let x = Tensor([0.1, -0.4, 2.0, 0.3], shape: [2, 2])
        let y = Tensor([1.5, 0.2, -0.7, 0.0, 0.3, 0.3], shape: [3, 2])
        let k = GaussianKernel(gamma: 0.7).matrix(x, y.transposed().contiguous().transposed())
        for i in 0..<2 {
            for j in 0..<3 {
                let d0 = x.element(at: [i, 0]) - y.element(at: [j, 0])
                let d1 = x.element(at: [i, 1]) - y.element(at: [j, 1])
                XCTAssertEqual(k.element(at: [i, j]), Foundation.exp(-0.7 * (d0 * d0 + d1 * d1)), accuracy: 1e-14)
            }
        }
    }

    /// The coefficients solve (K + λI)c = y, and the fitted values are Kc.
    func testCoefficientsAndFitSolveTheRidgeSystem() throws {
        let (_, y, kernel) = problem()
        let regression = try KernelRidgeRegression(kernel: kernel)
        let ridge = 0.05
        let c = regression.coefficients(y, ridge: ridge)
        let system = kernel + Tensor.eye(23, dtype: .float64) * ridge
        XCTAssert(system.matmul(c).allClose(y, relativeTolerance: 1e-10, absoluteTolerance: 1e-10))
        XCTAssert(
            regression.fitted(y, ridge: ridge).allClose(
                kernel.matmul(c), relativeTolerance: 1e-10, absoluteTolerance: 1e-10))
        let twoColumns = Tensor.stacked([y, y * 2], axis: 1)
        XCTAssert(
            regression.fitted(twoColumns, ridge: ridge).selected(axis: 1, index: 1)
                .allClose(kernel.matmul(c) * 2, relativeTolerance: 1e-10, absoluteTolerance: 1e-10))
    }

    /// The closed-form leave-one-out residuals equal refitting without each point, for several ridges.
    func testLeaveOneOutMatchesBruteForce() throws {
        let (x, y, kernel) = problem()
        let regression = try KernelRidgeRegression(kernel: kernel)
        let n = 23
        for ridge in [1e-3, 0.1, 3] {
            let closedForm = regression.leaveOneOutResiduals(y, ridge: ridge).toDoubles()
            var squares = 0.0
            for i in 0..<n {
                let keep = (0..<n).filter { $0 != i }
                let rows = Tensor.stacked(keep.map { x.selected(axis: 0, index: $0) })
                let targets = Tensor(keep.map { y.toDoubles()[$0] })
                let reduced = try KernelRidgeRegression(kernel: GaussianKernel(gamma: 2).matrix(rows, rows))
                let c = reduced.coefficients(targets, ridge: ridge)
                let prediction = GaussianKernel(gamma: 2).matrix(x.narrowed(axis: 0, start: i, length: 1), rows).matmul(
                    c
                ).item()
                XCTAssertEqual(closedForm[i], y.toDoubles()[i] - prediction, accuracy: 1e-9, "point \(i), λ = \(ridge)")
                squares += (y.toDoubles()[i] - prediction) * (y.toDoubles()[i] - prediction)
            }
            XCTAssertEqual(regression.leaveOneOutError(y, ridge: ridge), squares / Double(n), accuracy: 1e-10)
        }
    }

    /// The selection returns the candidate with the smallest refit-without-each-point error, and that error.
    func testLeaveOneOutSelectionPicksTheBruteForceBest() throws {
        let (x, y, kernel) = problem()
        let regression = try KernelRidgeRegression(kernel: kernel)
        let candidates = [100, 1e-4, 0.3, 3, 0.01]
        let bruteForce = try candidates.map { ridge -> Double in
            try (0..<23).reduce(0.0) { total, i in
                let keep = (0..<23).filter { $0 != i }
                let rows = Tensor.stacked(keep.map { x.selected(axis: 0, index: $0) })
                let reduced = GaussianKernel(gamma: 2).matrix(rows, rows) + Tensor.eye(22, dtype: .float64) * ridge
                let targets = Tensor(keep.map { y.toDoubles()[$0] })
                let c = try Linalg.choleskySolve(Linalg.cholesky(reduced), targets)
                let prediction = GaussianKernel(gamma: 2).matrix(x.narrowed(axis: 0, start: i, length: 1), rows)
                    .matmul(c).item()
                return total + (y.toDoubles()[i] - prediction) * (y.toDoubles()[i] - prediction) / 23
            }
        }
        let best = bruteForce.indices.min { bruteForce[$0] < bruteForce[$1] }!
        let selection = regression.leaveOneOutSelection(y, candidates: candidates)
        XCTAssertEqual(selection.ridge, candidates[best])
        XCTAssertEqual(selection.error, bruteForce[best], accuracy: 1e-10)
        XCTAssertNotEqual(best, 0, "the grid's first candidate should not win here, or the test cannot fail")
    }
}
