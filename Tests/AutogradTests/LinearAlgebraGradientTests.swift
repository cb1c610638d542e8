import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// First- and second-order gradient checks of the differentiable linear algebra on well-conditioned matrices.
final class LinearAlgebraGradientTests: XCTestCase {
    /// A deterministic [rows, columns] Float64 matrix with entries in [−1, 1].
    private func matrix(_ rows: Int, _ columns: Int, seed: UInt64, batch: [Int] = []) -> Tensor {
        var state = seed
        let n = batch.reduce(1, *) * rows * columns
        let values = (0..<n).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-52 - 1
        }
        return Tensor(values, shape: batch + [rows, columns])
    }

    /// M·Mᵀ + n·I: symmetric positive definite and well conditioned.
    private func spd(_ m: Variable, n: Int) -> Variable {
        m.matmul(m.transposed()) + Variable(Tensor.eye(n, dtype: .float64) * Double(n))
    }

    private func assertPasses(
        _ inputs: [Tensor], orders: [Int] = [1, 2], file: StaticString = #filePath, line: UInt = #line,
        _ f: @escaping ([Variable]) -> Variable
    ) {
        for order in orders {
            let result = checkGradients(at: inputs, order: order, f)
            XCTAssert(result.passed, "\(result)", file: file, line: line)
        }
    }

    func testCholesky() {
        assertPasses([matrix(4, 4, seed: 1, batch: [2])]) { v in try! Linalg.cholesky(self.spd(v[0], n: 4)) }
    }

    /// A⁻¹ from the Cholesky factor and −log N(y | 0, A), in every layout of M (A = M·Mᵀ + n·I) and y.
    func testCholeskyInverseAndGaussianNegativeLogLikelihood() throws {
        let m = matrix(4, 4, seed: 4)
        let y = matrix(1, 4, seed: 5).reshaped([4])
        let spd = self.spd
        assertGradientsInAllLayouts("choleskyInverse", inputs: [(m.toDoubles(), [4, 4])]) { v in
            let a = spd(v[0], 4)
            return Linalg.choleskyInverse(a, factor: try! Linalg.cholesky(a.value))
        }
        assertGradientsInAllLayouts(
            "gaussianNegativeLogLikelihood", inputs: [(m.toDoubles(), [4, 4]), (y.toDoubles(), [4])]
        ) { v in
            try! Linalg.gaussianNegativeLogLikelihood(v[1], covariance: spd(v[0], 4))
        }
        // The value is ½yᵀA⁻¹y + ½log det A + ½n·log 2π, with or without a given factor.
        let a = spd(Variable(m), 4).value
        let expected =
            0.5 * (y * (try Linalg.solve(a, y))).sum().item() + 0.5 * Linalg.logDeterminant(a).logAbsoluteValue.item()
            + 2 * Foundation.log(2 * Double.pi)
        XCTAssertEqual(
            try Linalg.gaussianNegativeLogLikelihood(Variable(y), covariance: Variable(a)).item(), expected,
            accuracy: 1e-12)
        XCTAssertEqual(
            try Linalg.gaussianNegativeLogLikelihood(
                Variable(y), covariance: Variable(a), factor: try Linalg.cholesky(a)
            ).item(), expected, accuracy: 1e-12)
        XCTAssertThrowsError(
            try Linalg.gaussianNegativeLogLikelihood(Variable(y), covariance: Variable(-a)))
    }

    func testSolveMatrixAndVector() {
        let a = matrix(4, 4, seed: 2) + Tensor.eye(4, dtype: .float64) * 3
        assertPasses([a, matrix(4, 2, seed: 3)]) { v in try! Linalg.solve(v[0], v[1]) }
        assertPasses([a, matrix(1, 4, seed: 4).reshaped([4])]) { v in try! Linalg.solve(v[0], v[1]) }
    }

    func testSolveTriangular() {
        let a = matrix(3, 3, seed: 5) + Tensor.eye(3, dtype: .float64) * 3
        for upper in [true, false] {
            assertPasses([a, matrix(3, 2, seed: 6)]) { v in try! Linalg.solveTriangular(v[0], v[1], upper: upper) }
        }
    }

    func testInverseDeterminantLogDeterminant() {
        let a = matrix(3, 3, seed: 7) + Tensor.eye(3, dtype: .float64) * 3
        assertPasses([a]) { v in try! Linalg.inverse(v[0]) }
        assertPasses([a]) { v in try! Linalg.determinant(v[0]) }
        assertPasses([matrix(3, 3, seed: 8, batch: [2])]) { v in try! Linalg.logAbsDeterminant(self.spd(v[0], n: 3)) }
    }

    func testEighWithDistinctEigenvalues() {
        // Symmetrize inside: the rule is the gradient for symmetric perturbations.
        let a =
            matrix(4, 4, seed: 9) + Tensor([1, 2, 4, 8], shape: [4]).cast(to: .float64).unsqueezed(axis: 0)
            * Tensor.eye(4, dtype: .float64)
        assertPasses([a]) { v in
            let s = (v[0] + v[0].transposed()) * 0.5
            let (values, vectors) = try! Linalg.eigh(s)
            // Eigenvectors have a sign ambiguity: use sign-invariant functions of them.
            return values * 1.5 + (vectors.square() * Variable(Tensor.arange(0, 4, dtype: .float64))).sum(axes: [0])
        }
    }

    func testSingularValueDecomposition() {
        for (m, n) in [(4, 3), (3, 4), (3, 3)] {
            assertPasses([matrix(m, n, seed: UInt64(10 + m * n))]) { v in
                let (u, s, vh) = try! Linalg.svd(v[0])
                // Sign-invariant: s, and U·diag(s)·Vh reconstructions weighted elementwise.
                let reconstruction = (u * s.unsqueezed(axis: -2)).matmul(vh)
                return s.square().sum() + (reconstruction * reconstruction.sin()).sum()
                    + (u.square() * 0.3).sum() + (vh.square() * 0.7).sum(axes: [0]).sum()
            }
        }
    }

    func testSingularValues() {
        for (m, n) in [(4, 3), (3, 4)] {
            assertPasses([matrix(m, n, seed: UInt64(30 + m * n))]) { v in
                let s = try! Linalg.singularValues(v[0])
                return s * Variable(Tensor.arange(1, 4, dtype: .float64)) + s.square()
            }
            assertPasses([matrix(n, m, seed: UInt64(40 + m * n)).transposed()]) { v in
                try! Linalg.singularValues(v[0])
            }
        }
    }

    func testLeastSquares() {
        assertPasses([matrix(6, 3, seed: 20), matrix(6, 2, seed: 21)]) { v in try! Linalg.leastSquares(v[0], v[1]) }
    }
}
