import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

final class GaussianProcessRegressionTests: XCTestCase {
    private func data(count: Int = 12, dimensions: Int = 2) -> (x: Tensor, y: Tensor) {
        var random = TestRandom(seed: 11)
        let x = random.tensor([count, dimensions])
        let y = (x.selected(axis: 1, index: 0) * 3).sin() + x.sum(axis: 1) * 0.5 + random.tensor([count]) * 0.1
        return (x, y)
    }

    /// Mean, variance and −log p(y) equal the dense formulas: K*(K + σ²I)⁻¹y, k** − K*(K + σ²I)⁻¹K*ᵀ and
    /// ½yᵀ(K + σ²I)⁻¹y + ½ log det(K + σ²I) + ½N log 2π.
    func testPosteriorAndLikelihoodMatchTheDenseFormulas() throws {
        let (x, y) = data()
        let kernel = MaternKernel(smoothness: .fiveHalves, lengthscales: [0.7, 0.4], variance: 1.3)
        let noise = 0.05
        let regression = try GaussianProcessRegression(
            kernel: kernel, inputs: x, targets: y, noiseVariance: Variable(Tensor(scalar: noise, dtype: .float64)))
        let covariance = kernel.matrix(x, x).value + Tensor.eye(12, dtype: .float64) * noise
        let test = {
            var r = TestRandom(seed: 12)
            return r.tensor([5, 2])
        }()
        let cross = kernel.matrix(test, x).value
        let solved = try Linalg.solve(covariance, y)
        assertClose(
            regression.posteriorMean(at: test).value, cross.matmul(solved), relativeTolerance: 1e-10,
            absoluteTolerance: 1e-12)
        let reduction = cross.matmul(try Linalg.solve(covariance, cross.transposed())).diagonal()
        assertClose(
            regression.posteriorVariance(at: test).value, 1.3 - reduction, relativeTolerance: 1e-9,
            absoluteTolerance: 1e-12)
        let expected =
            0.5 * (y * solved).sum().item() + 0.5 * Linalg.logDeterminant(covariance).logAbsoluteValue.item()
            + 6 * Foundation.log(2 * Double.pi)
        XCTAssertEqual(regression.negativeLogMarginalLikelihood().item(), expected, accuracy: 1e-10)
        // At a training point with little noise the posterior interpolates and its variance nearly vanishes.
        let exact = try GaussianProcessRegression(
            kernel: kernel, inputs: x, targets: y, noiseVariance: Variable(Tensor(scalar: 1e-10, dtype: .float64)))
        let first = x.narrowed(axis: 0, start: 0, length: 1)
        XCTAssertEqual(exact.posteriorMean(at: first).item(), y.element(at: [0]), accuracy: 1e-6)
        XCTAssertLessThan(exact.posteriorVariance(at: first).item(), 1e-6)
    }

    /// The negative log marginal likelihood's gradient in (log ℓ, log σ², σ_n²) through the Cholesky factor, first
    /// and second order, for the ARD squared exponential and Matérn 5/2.
    func testNegativeLogMarginalLikelihoodGradients() {
        let (x, y) = data(count: 8)
        let start = [Tensor.f64([-0.3, 0.2], [2]), Tensor.f64([0.1], []), Tensor.f64([0.08], [])]
        let se = checkGradients(at: start, order: 2, relativeTolerance: 1e-5) { v in
            let kernel = SquaredExponentialKernel(logLengthscales: v[0], logVariance: v[1])
            return try! GaussianProcessRegression(kernel: kernel, inputs: x, targets: y, noiseVariance: v[2])
                .negativeLogMarginalLikelihood()
        }
        XCTAssert(se.passed, "squared exponential: \(se)")
        let matern = checkGradients(at: start, order: 2, relativeTolerance: 1e-5) { v in
            let kernel = MaternKernel(smoothness: .fiveHalves, logLengthscales: v[0], logVariance: v[1])
            return try! GaussianProcessRegression(kernel: kernel, inputs: x, targets: y, noiseVariance: v[2])
                .negativeLogMarginalLikelihood()
        }
        XCTAssert(matern.passed, "Matérn 5/2: \(matern)")
        // The posterior mean at new points is differentiable in the hyperparameters too.
        let test = Tensor.f64([0.2, -0.1, 0.6, 0.5], [2, 2])
        let mean = checkGradients(at: start, order: 1) { v in
            let kernel = SquaredExponentialKernel(logLengthscales: v[0], logVariance: v[1])
            return try! GaussianProcessRegression(kernel: kernel, inputs: x, targets: y, noiseVariance: v[2])
                .posteriorMean(at: test)
        }
        XCTAssert(mean.passed, "posterior mean: \(mean)")
    }

    /// The set-up of `scigrad bench` gp.nll.n2000.grad at toy size (40 points in 8-D, ARD squared exponential, the
    /// noise variance through exp): the gradient in all 10 log-hyperparameters equals central differences, and the
    /// fused path (GEMM kernel matrix, potri pullback) equals autograd through the differences, the Cholesky factor
    /// and the triangular solves.
    func testBenchmarkLikelihoodGradientEqualsCentralDifferences() {
        var random = TestRandom(seed: 14)
        let x = random.tensor([40, 8], low: 0, high: 1)
        let y =
            (x.selected(axis: 1, index: 0) * (2 * Double.pi)).sin() * (x.selected(axis: 1, index: 1) * 6).cos()
            + x.selected(axis: 1, index: 2) + random.tensor([40]) * 0.1
        let start = [
            Tensor.f64((0..<8).map { Foundation.log(0.5 + 0.1 * Double($0)) }, [8]), Tensor.f64([0], []),
            Tensor.f64([Foundation.log(0.01)], []),
        ]
        let likelihood = { (v: [Variable]) -> Variable in
            let kernel = SquaredExponentialKernel(logLengthscales: v[0], logVariance: v[1])
            return try! GaussianProcessRegression(kernel: kernel, inputs: x, targets: y, noiseVariance: v[2].exp())
                .negativeLogMarginalLikelihood()
        }
        let check = checkGradients(at: start, order: 1, relativeTolerance: 1e-6, likelihood)
        XCTAssert(check.passed, "\(check)")
        // The general path: κ on the differences [N, N, D], −log p(y) = ½yᵀα + Σ log Lᵢᵢ + ½N log 2π by autograd.
        let leaves = start.map { Variable.leaf($0) }
        likelihood(leaves).backward()
        let general = start.map { Variable.leaf($0) }
        let kernel = SquaredExponentialKernel(logLengthscales: general[0], logVariance: general[1])
        let covariance =
            kernel.value(at: SquaredExponentialKernel.differences(x, x))
            + Variable(Tensor.eye(40, dtype: .float64)) * general[2].exp()
        let factor = try! Linalg.cholesky(covariance)
        let weights = try! Linalg.solveTriangular(
            factor.transposed(), try! Linalg.solveTriangular(factor, Variable(y.unsqueezed(axis: 1)), upper: false),
            upper: true)
        let nll = (Variable(y.unsqueezed(axis: 1)) * weights).sum() * 0.5 + factor.diagonal().log().sum()
        nll.backward()
        for (fused, reference) in zip(leaves, general) {
            assertClose(fused.gradient!, reference.gradient!, relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        }
    }

    /// Fitting the lengthscale by gradient descent on −log p(y) lowers it and moves toward the data's scale.
    func testMaximumLikelihoodLowersTheObjective() throws {
        var random = TestRandom(seed: 13)
        let x = random.tensor([30, 1], low: 0, high: 1)
        let y = (x.squeezed(axis: 1) * (2 * Double.pi * 3)).sin()
        let logLengthscale = Parameter(Tensor.f64([Foundation.log(1.0)], [1]))
        let adam = Adam(parameters: [logLengthscale], learningRate: 0.05)
        func objective() throws -> Variable {
            let kernel = SquaredExponentialKernel(
                logLengthscales: logLengthscale.variable, logVariance: Variable(Tensor(scalar: 0.0, dtype: .float64)))
            return try GaussianProcessRegression(
                kernel: kernel, inputs: x, targets: y, noiseVariance: Variable(Tensor(scalar: 1e-3, dtype: .float64))
            ).negativeLogMarginalLikelihood()
        }
        let initial = try objective().item()
        for _ in 0..<60 {
            try objective().backward()
            adam.step()
        }
        XCTAssertLessThan(try objective().item(), initial - 10)
        XCTAssertLessThan(Foundation.exp(logLengthscale.value.item()), 0.3)
    }

    func testANonPositiveDefiniteCovarianceThrows() {
        let x = Tensor.f64([0.1, 0.1, 0.1], [3, 1])
        let kernel = SquaredExponentialKernel(lengthscales: [1])
        XCTAssertThrowsError(
            try GaussianProcessRegression(
                kernel: kernel, inputs: x, targets: Tensor.f64([1, 2, 3], [3]),
                noiseVariance: Variable(Tensor(scalar: -0.5, dtype: .float64))))
    }
}
