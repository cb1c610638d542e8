import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

final class GaussianProcessKernelTests: XCTestCase {
    /// Differences τ `[5, 7, 1]` with |τ| ≥ 0.05 (off the diagonal, where even Matérn-½ is differentiable).
    private func differences(seed: UInt64 = 1) -> Tensor {
        var random = TestRandom(seed: seed)
        let magnitudes = random.tensor([5, 7, 1], low: 0.05, high: 1.2)
        let signs = random.tensor([5, 7, 1]).sign()
        return magnitudes * signs
    }

    private func spectralMixture(_ w: Tensor, _ l: Tensor, _ mu: Tensor) -> SpectralMixtureKernel {
        SpectralMixtureKernel(logWeights: Variable(w), logLengthscales: Variable(l), frequencies: Variable(mu))
    }

    private var kernels: [(name: String, kernel: any StationaryKernel)] {
        let w = Tensor.f64([-0.3, 0.2, -1.0], [3])
        let l = Tensor.f64([-1.2, -0.4, 0.1], [3])
        let mu = Tensor.f64([0.3, 1.7, 2.5], [3])
        return [
            ("squared exponential", SquaredExponentialKernel(lengthscales: [0.6], variance: 1.7)),
            ("Matérn ½", MaternKernel(smoothness: .oneHalf, lengthscales: [0.4], variance: 0.8)),
            ("Matérn 3/2", MaternKernel(smoothness: .threeHalves, lengthscales: [0.7], variance: 1.3)),
            ("Matérn 5/2", MaternKernel(smoothness: .fiveHalves, lengthscales: [0.5], variance: 2.0)),
            ("spectral mixture", spectralMixture(w, l, mu)),
        ]
    }

    /// κ⁽ⁿ⁾ is the central difference of κ⁽ⁿ⁻¹⁾ in τ, for every order each kernel provides.
    func testDerivativesAreFiniteDifferencesOfTheLowerOrder() {
        let tau = differences()
        let h = 1e-5
        for (name, kernel) in kernels {
            for order in 1...kernel.maximumDerivativeOrder {
                let analytic = kernel.derivative(at: tau, axis: 0, order: order).value
                let plus = kernel.derivative(at: tau + h, axis: 0, order: order - 1).value
                let minus = kernel.derivative(at: tau - h, axis: 0, order: order - 1).value
                assertClose(
                    analytic, (plus - minus) / (2 * h), relativeTolerance: 1e-6, absoluteTolerance: 1e-6,
                    "\(name) order \(order)")
            }
        }
    }

    /// Even derivatives are continuous through τ = 0 (where they are evaluated without the sign branch), odd ones vanish
    /// there, and κ″(0) < 0: Var(u′) = −κ″(0) > 0.
    func testDerivativesAtZeroLag() {
        let zero = Tensor.zeros([1, 1], dtype: .float64)
        let small = Tensor.f64([1e-7], [1, 1])
        for (name, kernel) in kernels where kernel.maximumDerivativeOrder >= 2 {
            for order in 0...kernel.maximumDerivativeOrder {
                let atZero = kernel.derivative(at: zero, axis: 0, order: order).item()
                let near = kernel.derivative(at: small, axis: 0, order: order).item()
                if order % 2 == 1 {
                    XCTAssertEqual(atZero, 0, accuracy: 1e-12, "\(name) order \(order)")
                } else {
                    XCTAssertEqual(
                        atZero, near, accuracy: 1e-4 * Swift.max(1, Swift.abs(atZero)), "\(name) order \(order)")
                }
            }
            XCTAssertLessThan(kernel.derivative(at: zero, axis: 0, order: 2).item(), 0, name)
        }
    }

    /// The values against the closed forms written out in Double.
    func testValuesMatchTheirDefinitions() {
        let tau = differences(seed: 2)
        let taus = tau.toDoubles()
        let se = SquaredExponentialKernel(lengthscales: [0.6], variance: 1.7).value(at: tau).value.toDoubles()
        let matern = MaternKernel(smoothness: .fiveHalves, lengthscales: [0.5], variance: 2).value(at: tau).value
            .toDoubles()
        let w = [-0.3, 0.2]
        let l = [-1.2, 0.1]
        let mu = [0.3, 2.5]
        let mixture = spectralMixture(Tensor.f64(w, [2]), Tensor.f64(l, [2]), Tensor.f64(mu, [2])).value(at: tau)
            .value.toDoubles()
        for (i, t) in taus.enumerated() {
            let exponent: Double = -t * t / (2 * 0.36)
            XCTAssertEqual(se[i], 1.7 * Foundation.exp(exponent), accuracy: 1e-14)
            let z: Double = 5.0.squareRoot() * Swift.abs(t) / 0.5
            let polynomial: Double = 1 + z + z * z / 3
            XCTAssertEqual(matern[i], 2 * polynomial * Foundation.exp(-z), accuracy: 1e-14)
            var sum = 0.0
            for q in 0..<2 {
                let lengthscale = Foundation.exp(l[q])
                let envelope: Double = Foundation.exp(w[q] - t * t / (2 * lengthscale * lengthscale))
                sum += envelope * Foundation.cos(2 * Double.pi * mu[q] * t)
            }
            XCTAssertEqual(mixture[i], sum, accuracy: 1e-13)
        }
    }

    /// The ARD squared exponential in 3-D: each axis' derivatives are differences along that axis alone, and the
    /// multi-dimensional Matérn has κ(0) = σ² and is ARD-scaled.
    func testMultiDimensionalKernels() {
        var random = TestRandom(seed: 5)
        let tau = random.tensor([4, 6, 3])
        let kernel = SquaredExponentialKernel(lengthscales: [0.5, 1.3, 0.8], variance: 0.9)
        let h = 1e-5
        for axis in 0..<3 {
            var step = [0.0, 0.0, 0.0]
            step[axis] = h
            let shift = Tensor.f64(step, [3])
            for order in 1...4 {
                let analytic = kernel.derivative(at: tau, axis: axis, order: order).value
                let plus = kernel.derivative(at: tau + shift, axis: axis, order: order - 1).value
                let minus = kernel.derivative(at: tau - shift, axis: axis, order: order - 1).value
                assertClose(
                    analytic, (plus - minus) / (2 * h), relativeTolerance: 1e-6, absoluteTolerance: 1e-6,
                    "axis \(axis) order \(order)")
            }
        }
        let matern = MaternKernel(smoothness: .threeHalves, lengthscales: [0.5, 2], variance: 1.5)
        XCTAssertEqual(matern.value(at: Tensor.zeros([1, 2], dtype: .float64)).item(), 1.5, accuracy: 1e-12)
        let r = Tensor.f64([0.3, 0.8], [1, 2])
        let z = 3.0.squareRoot() * ((0.3 / 0.5) * (0.3 / 0.5) + 0.4 * 0.4).squareRoot()
        XCTAssertEqual(matern.value(at: r).item(), 1.5 * (1 + z) * Foundation.exp(-z), accuracy: 1e-12)
    }

    /// Covariances of derivatives: ∂ᵃ⁺ᵇk/∂xᵃ∂yᵇ is the finite difference in y of ∂ᵃk/∂xᵃ (b = 1, 2).
    func testCrossCovarianceMatricesDifferentiateTheSecondInput() {
        var random = TestRandom(seed: 7)
        let x = random.tensor([4, 1])
        let y = random.tensor([3, 1]) + 3  // disjoint: no zero lags
        let h = 1e-5
        for (name, kernel) in kernels {
            for a in 0..<kernel.maximumDerivativeOrder {
                let analytic = kernel.matrix(x, y, axis: 0, orders: (a, 1)).value
                let plus = kernel.matrix(x, y + h, axis: 0, orders: (a, 0)).value
                let minus = kernel.matrix(x, y - h, axis: 0, orders: (a, 0)).value
                assertClose(
                    analytic, (plus - minus) / (2 * h), relativeTolerance: 1e-6, absoluteTolerance: 1e-7,
                    "\(name) (\(a), 1)")
            }
        }
    }

    /// The Toeplitz construction on a uniform grid equals the general matrix on the same points.
    func testGridMatrixEqualsTheDenseMatrix() {
        let count = 9
        let spacing = 0.13
        let points = (Tensor.linspace(0, Double(count - 1), count: count, dtype: .float64) * spacing).unsqueezed(
            axis: 1)
        for (name, kernel) in kernels {
            for order in 0...kernel.maximumDerivativeOrder {
                assertClose(
                    kernel.gridMatrix(count: count, spacing: spacing, order: order).value,
                    kernel.matrix(points, points, axis: 0, orders: (order, 0)).value,
                    relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "\(name) order \(order)")
            }
        }
    }

    /// The derivative matrices are differentiable in the hyperparameters to second order (they enter losses
    /// differentiated with respect to them), including through the Toeplitz gather.
    func testHyperparameterGradientsOfDerivativeMatrices() {
        let tau = differences(seed: 3)
        let ardTau = {
            var r = TestRandom(seed: 4)
            return r.tensor([3, 4, 2])
        }()
        for order in 0...4 {
            let se = checkGradients(at: [Tensor.f64([-0.4, 0.3], [2]), Tensor.f64([0.2], [])], order: 2) { v in
                SquaredExponentialKernel(logLengthscales: v[0], logVariance: v[1]).derivative(
                    at: ardTau, axis: 1, order: order)
            }
            XCTAssert(se.passed, "squared exponential order \(order): \(se)")
            let matern = checkGradients(at: [Tensor.f64([-0.4], [1]), Tensor.f64([0.2], [])], order: 2) { v in
                MaternKernel(smoothness: .fiveHalves, logLengthscales: v[0], logVariance: v[1]).derivative(
                    at: tau, axis: 0, order: order)
            }
            XCTAssert(matern.passed, "Matérn 5/2 order \(order): \(matern)")
            // The log-weights enter through a strided view (a non-contiguous input).
            let inputs = [
                Tensor.f64([-0.3, 9, 0.2, 9], [4]), Tensor.f64([-1.2, 0.1], [2]), Tensor.f64([0.3, 2.5], [2]),
            ]
            let mixture = checkGradients(at: inputs, order: 2) { v in
                SpectralMixtureKernel(
                    logWeights: v[0].sliced(axis: 0, step: 2), logLengthscales: v[1], frequencies: v[2]
                )
                .gridMatrix(count: 6, spacing: 0.1, order: order)
            }
            XCTAssert(mixture.passed, "spectral mixture order \(order): \(mixture)")
        }
        // The multi-dimensional Matérn has zero lags on the diagonal: its gradient there must stay finite.
        let points = Tensor.f64([0.1, 0.2, 0.5, -0.3, 0.9, 0.4], [3, 2])
        let multi = checkGradients(at: [Tensor.f64([-0.2, 0.3], [2]), Tensor.f64([0.1], [])], order: 2) { v in
            MaternKernel(smoothness: .threeHalves, logLengthscales: v[0], logVariance: v[1]).matrix(points, points)
        }
        XCTAssert(multi.passed, "Matérn 3/2 in 2-D: \(multi)")
    }

    /// The squared exponential's covariance matrix without differences (one GEMM, reductions in the pullback) equals
    /// κ on the differences, for cross and square matrices, inputs far from the origin and a non-contiguous view, and
    /// its hyperparameter gradients pass first- and second-order checks in every layout of the hyperparameters.
    func testSquaredExponentialMatrixEqualsTheDifferencesPath() {
        var random = TestRandom(seed: 5)
        let x = random.tensor([6, 3])
        let far = x + 1000
        let y = random.tensor([3, 4]).transposed()  // [4, 3], non-contiguous
        XCTAssertFalse(y.isContiguous)
        let kernel = SquaredExponentialKernel(lengthscales: [0.6, 1.1, 0.4], variance: 1.7)
        let cases = [
            ("cross", x, y), ("square", x, x), ("far from the origin", far, far), ("far cross", far, y + 1000),
        ]
        for (name, a, b) in cases {
            assertClose(
                kernel.matrix(a, b).value, kernel.value(at: SquaredExponentialKernel.differences(a, b)).value,
                relativeTolerance: 1e-12, absoluteTolerance: 1e-13, name)
        }
        let l = [-0.4, 0.2, 0.1]
        for (name, a, b) in [("cross", x, y), ("square", x, x)] {
            assertGradientsInAllLayouts("squared exponential matrix, \(name)", inputs: [(l, [3]), ([0.3], [])]) { v in
                SquaredExponentialKernel(logLengthscales: v[0], logVariance: v[1]).matrix(a, b)
            }
        }
        expectFatalError(containing: "SquaredExponentialKernel.matrix: inputs must be [N, 3] and [M, 3]") {
            _ = kernel.matrix(x, Tensor.zeros([2, 2], dtype: .float64))
        }
    }

    func testBadInputsStopWithMessages() {
        expectFatalError(containing: "derivative order must be in 0...2") {
            _ = MaternKernel(smoothness: .threeHalves, lengthscales: [1]).derivative(
                at: Tensor.zeros([2, 1], dtype: .float64), axis: 0, order: 3)
        }
        expectFatalError(containing: "differences must be […, 2]") {
            _ = SquaredExponentialKernel(lengthscales: [1, 1]).value(at: Tensor.zeros([2, 3], dtype: .float64))
        }
        expectFatalError(containing: "input derivatives are for 1-D inputs") {
            _ = MaternKernel(smoothness: .fiveHalves, lengthscales: [1, 2]).derivative(
                at: Tensor.zeros([2, 2], dtype: .float64), axis: 0, order: 1)
        }
    }
}
