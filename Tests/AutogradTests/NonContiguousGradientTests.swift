import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// First- and second-order checks of the rules whose own tests use contiguous inputs only — linear algebra, FFT,
/// gather/scatter/index-select — on every layout of `layoutVariants(of:)` (permuted, step-2 slices, flipped) and on
/// expanded (stride-0) inputs; each also compares the forward value on the views with
/// the value on contiguous copies.
final class NonContiguousGradientTests: XCTestCase {
    private let matrixValues = Samples.distinct(16, in: -1, 1)
    /// A + 4I: well conditioned for any A with entries in [−1, 1].
    private func conditioned(_ a: Variable) -> Variable { a + Variable(Tensor.eye(4, dtype: .float64) * 4) }
    /// A row broadcast to a 4 × 4 matrix (stride 0 along the rows).
    private var expandedMatrix: Tensor { Tensor.f64(Samples.distinct(4), [1, 4]).expanded(to: [4, 4]) }

    func testSolveInverseDeterminantOnViews() {
        let inputs = [(matrixValues, [4, 4]), (Samples.distinct(8, seed: 3), [4, 2])]
        assertGradientsInAllLayouts("solve", inputs: inputs) { v in try! Linalg.solve(self.conditioned(v[0]), v[1]) }
        assertGradientsInAllLayouts("inverse", inputs: [(matrixValues, [4, 4])]) { v in
            try! Linalg.inverse(self.conditioned(v[0]))
        }
        assertGradientsInAllLayouts("determinant", inputs: [(matrixValues, [4, 4])]) { v in
            try! Linalg.determinant(self.conditioned(v[0]))
        }
        assertGradients("solve with an expanded A", at: [expandedMatrix, Tensor.f64(Samples.distinct(4), [4, 1])]) {
            v in try! Linalg.solve(self.conditioned(v[0]), v[1])
        }
        assertGradients("inverse of an expanded A", at: [expandedMatrix]) { v in
            try! Linalg.inverse(self.conditioned(v[0]))
        }
    }

    func testCholeskyTriangularSolveAndLeastSquaresOnViews() {
        assertGradientsInAllLayouts("cholesky", inputs: [(matrixValues, [4, 4])]) { v in
            let a = self.conditioned(v[0])
            return try! Linalg.cholesky(a.matmul(a.transposed()))
        }
        assertGradientsInAllLayouts(
            "solveTriangular", inputs: [(matrixValues, [4, 4]), (Samples.distinct(8), [4, 2])]
        ) {
            v in try! Linalg.solveTriangular(self.conditioned(v[0]), v[1], upper: true)
        }
        assertGradientsInAllLayouts(
            "leastSquares",
            inputs: [(Samples.distinct(18, seed: 5), [6, 3]), (Samples.distinct(12, seed: 6), [6, 2])]
        ) { v in try! Linalg.leastSquares(v[0], v[1]) }
        assertGradients("cholesky of an expanded A", at: [expandedMatrix]) { v in
            let a = self.conditioned(v[0])
            return try! Linalg.cholesky(a.matmul(a.transposed()))
        }
    }

    /// Sign-invariant functions of the factors (eigenvectors and singular vectors are defined up to sign).
    func testEighAndSVDOnViews() {
        assertGradientsInAllLayouts("eigh", inputs: [(matrixValues, [4, 4])]) { v in
            let a = v[0] + Variable(Tensor.f64([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 8], [4, 4]) * 2)
            let (values, vectors) = try! Linalg.eigh((a + a.transposed()) * 0.5)
            return values * 1.5 + (vectors.square() * Variable(Tensor.arange(0, 4, dtype: .float64))).sum(axes: [0])
        }
        assertGradientsInAllLayouts("svd", inputs: [(Samples.distinct(12, seed: 9), [4, 3])]) { v in
            let (u, s, vh) = try! Linalg.svd(v[0])
            return s.square().sum() + ((u * s.unsqueezed(axis: -2)).matmul(vh)).sin().sum() + (u.square() * 0.3).sum()
        }
    }

    func testFFTOnViews() {
        assertGradientsInAllLayouts("rfft", inputs: [(Samples.distinct(14, seed: 11), [2, 7])]) { v in
            let z = FFT.rfft(v[0], normalization: .orthonormal)
            return (z.real + z.imaginary * 0.7).sin()
        }
        assertGradientsInAllLayouts(
            "fft", inputs: [(Samples.distinct(10, seed: 12), [2, 5]), (Samples.distinct(10, seed: 13), [2, 5])]
        ) { v in
            let y = FFT.fft(ComplexVariable(real: v[0], imaginary: v[1]))
            return (y.real * y.imaginary).sin()
        }
        assertGradients(
            "rfft of an expanded input", at: [Tensor.f64(Samples.distinct(6), [1, 6]).expanded(to: [3, 6])]
        ) {
            v in FFT.rfft(v[0]).real.sin()
        }
    }

    func testGatherScatterIndexSelectOnViews() {
        let indices = Tensor([Int64(2), 0, 1, 1, 2, 0], shape: [2, 3])
        assertGradientsInAllLayouts("gathered", inputs: [(Samples.distinct(6), [2, 3])]) { v in
            v[0].gathered(axis: 1, indices: indices).square()
        }
        assertGradientsInAllLayouts(
            "scatterAdded", inputs: [(Samples.distinct(6, seed: 2), [2, 3]), (Samples.distinct(6, seed: 4), [2, 3])]
        ) { v in v[0].scatterAdded(axis: 1, indices: indices, source: v[1]).square() }
        assertGradientsInAllLayouts("indexSelected", inputs: [(Samples.distinct(12), [3, 4])]) { v in
            v[0].indexSelected(axis: 1, indices: Tensor([Int64(3), 0, 3], shape: [3])).square()
        }
        let expanded = Tensor.f64(Samples.distinct(3), [1, 3]).expanded(to: [2, 3])
        assertGradients("gathered from an expanded input", at: [expanded]) { v in
            v[0].gathered(axis: 1, indices: indices).square()
        }
    }
}
