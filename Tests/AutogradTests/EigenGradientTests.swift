import Autograd
import Tensor
import TestSupport
import XCTest

/// The differentiable general eigendecomposition `Linalg.eig(Variable)`: its values (LAPACK's conventions) and its
/// rule, checked to first and second order in every layout against finite differences of the forward pass itself
/// (so the normalization and phase terms of the rule are checked too, not only gauge-invariant functions).
final class EigenGradientTests: XCTestCase {
    /// A 4×4 matrix with two conjugate pairs (well separated) and no ties in its eigenvectors' largest components.
    private let complexSpectrum: [Double] = [
        0.3, -1.9, 0.4, 0.2, 1.7, 0.1, -0.3, 0.5, 0.2, 0.6, -0.8, 2.4, -0.4, 0.1, -1.3, -0.5,
    ]
    /// A 3×3 matrix with distinct real eigenvalues.
    private let realSpectrum: [Double] = [2, 0.5, 0.1, 0.3, -1, 0.4, 0.2, 0.7, 0.6]

    func testDecompositionFollowsLapackConventions() throws {
        for (values, n) in [(complexSpectrum, 4), (realSpectrum, 3)] {
            let a = Tensor(values, shape: [n, n], dtype: .float64)
            let (lambda, v) = try Linalg.eig(Variable(a))
            let vectors = ComplexTensor(real: v.real.value, imaginary: v.imaginary.value)
            let eigenvalues = ComplexTensor(real: lambda.real.value, imaginary: lambda.imaginary.value)
            // A·V = V·diag(λ).
            let left = ComplexTensor(real: a).matmul(vectors)
            let right = vectors * eigenvalues.reshaped([1, n])
            XCTAssertLessThan((left - right).magnitudes().max().item(), 1e-12)
            let magnitudes = vectors.magnitudes()
            let norms = magnitudes.square().sum(axes: [0]).toDoubles()
            for norm in norms { XCTAssertEqual(norm, 1, accuracy: 1e-12) }
            let pivots = magnitudes.argmax(axis: 0).toDoubles().map(Int.init)
            let imaginary = vectors.imaginary.toDoubles()
            for (j, p) in pivots.enumerated() { XCTAssertEqual(imaginary[p * n + j], 0, accuracy: 1e-14) }
        }
    }

    func testGradientsOfEigenvaluesAndEigenvectors() {
        for (values, n) in [(complexSpectrum, 4), (realSpectrum, 3)] {
            let weights = Variable(Tensor((0..<(n * n)).map { 0.3 + 0.1 * Double($0) }, shape: [n, n]))
            assertGradientsInAllLayouts("eig \(n)×\(n)", inputs: [(values, [n, n])]) { x in
                let (lambda, v) = try! Linalg.eig(x[0])
                let spectrum = (lambda.real * 1.5 - lambda.imaginary * 0.7).sum() + lambda.imaginary.square().sum()
                return spectrum + (v.real * weights).sum() + (v.imaginary * weights.transposed()).sum()
            }
        }
    }

    func testGradientThroughTheReconstruction() {
        // V·diag(λ)·V⁻¹ = A: its derivative is the identity map, whatever the conventions.
        assertGradientsInAllLayouts("eig reconstruction", inputs: [(complexSpectrum, [4, 4])], orders: [1]) { x in
            let (lambda, v) = try! Linalg.eig(x[0])
            let scaled = ComplexVariable(
                real: v.real * lambda.real.reshaped([1, 4]) - v.imaginary * lambda.imaginary.reshaped([1, 4]),
                imaginary: v.real * lambda.imaginary.reshaped([1, 4]) + v.imaginary * lambda.real.reshaped([1, 4]))
            let embedding = Variable.concatenated(
                [
                    Variable.concatenated([v.real, -v.imaginary], axis: 1),
                    Variable.concatenated([v.imaginary, v.real], axis: 1),
                ],
                axis: 0)
            let inverse = try! Linalg.inverse(embedding)
            let w = ComplexVariable(
                real: inverse.narrowed(axis: 0, start: 0, length: 4).narrowed(axis: 1, start: 0, length: 4),
                imaginary: inverse.narrowed(axis: 0, start: 4, length: 4).narrowed(axis: 1, start: 0, length: 4))
            return scaled.matmul(w).real
        }
    }
}
