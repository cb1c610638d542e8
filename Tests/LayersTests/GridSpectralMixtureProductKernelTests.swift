import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The GSMP kernel against a brute-force double sum, its Cartesian grid, its weight gradients (alone and through the
/// GP's negative log marginal likelihood), and positive semi-definiteness for nonnegative weights.
final class GridSpectralMixtureProductKernelTests: XCTestCase {
    private let axisFrequencies = [[0.0, 1.5, 3.2], [0.4, 2.0]]
    private let lengthscales = [0.7, 0.35]
    private let weights = [0.3, 0.05, 1.2, 0.0, 0.8, 0.45]

    private func kernel(_ weights: Variable) -> GridSpectralMixtureProductKernel {
        GridSpectralMixtureProductKernel(weights: weights, axisFrequencies: axisFrequencies, lengthscales: lengthscales)
    }

    func testMatrixEqualsTheBruteForceSumOverSubKernelsAndAxes() {
        var random = TestRandom(seed: 3)
        let x = random.tensor([5, 2])
        let y = random.tensor([4, 2])
        let actual = kernel(Variable(Tensor.f64(weights, [6]))).matrix(x, y).value
        let (xs, ys) = (x.toDoubles(), y.toDoubles())
        var expected: [Double] = []
        for i in 0..<5 {
            for j in 0..<4 {
                var total = 0.0
                var m = 0
                for mu1 in axisFrequencies[0] {
                    for mu2 in axisFrequencies[1] {
                        var product = weights[m]
                        for (d, mu) in [mu1, mu2].enumerated() {
                            let tau = xs[2 * i + d] - ys[2 * j + d]
                            let ell = lengthscales[d]
                            product *= exp(-tau * tau / (2 * ell * ell)) * cos(2 * Double.pi * mu * tau)
                        }
                        total += product
                        m += 1
                    }
                }
                expected.append(total)
            }
        }
        assertClose(actual, expected, shape: [5, 4], relativeTolerance: 1e-12, absoluteTolerance: 1e-13)
    }

    func testCartesianGridHasOneSubKernelPerFrequencyPairLastAxisFastest() {
        let grid = kernel(Variable(Tensor.f64(weights, [6])))
        XCTAssertEqual(grid.componentCount, 6)
        XCTAssertEqual(grid.dimensions, 2)
        XCTAssertEqual(grid.frequencies.toDoubles(), [0, 0.4, 0, 2, 1.5, 0.4, 1.5, 2, 3.2, 0.4, 3.2, 2])
        XCTAssertEqual(grid.lengthscales.toDoubles(), Array([[Double]](repeating: lengthscales, count: 6).joined()))
        // At zero lag every sub-kernel is 1, so κ(0) = Σα.
        XCTAssertEqual(grid.value(at: Tensor.zeros([2], dtype: .float64)).item(), weights.reduce(0, +), accuracy: 1e-14)
    }

    func testWeightGradientsInAllLayouts() {
        var random = TestRandom(seed: 5)
        let tau = random.tensor([3, 4, 2])
        assertGradientsInAllLayouts("GSMP κ(τ) in α", inputs: [(Samples.positive(6), [6])]) { v in
            self.kernel(v[0]).value(at: tau).square().sum()
        }
    }

    /// −log p(y) of a GP with the GSMP kernel, through the Cholesky factor, in α (first and second order).
    func testNegativeLogMarginalLikelihoodGradientsInTheWeights() {
        var random = TestRandom(seed: 8)
        let x = random.tensor([6, 2])
        let y = random.tensor([6])
        assertGradients("GSMP NLML in α", at: [Tensor.f64(Samples.positive(6), [6])]) { v in
            let regression = try! GaussianProcessRegression(
                kernel: self.kernel(v[0]), inputs: x, targets: y,
                noiseVariance: Variable(Tensor(scalar: 0.1, dtype: .float64)))
            return regression.negativeLogMarginalLikelihood()
        }
    }

    func testGramMatrixIsPositiveSemidefiniteForNonnegativeWeights() throws {
        var random = TestRandom(seed: 9)
        let x = random.tensor([12, 2])
        let gram = kernel(Variable(Tensor.f64(weights, [6]))).matrix(x, x).value
        let eigenvalues = try Linalg.eigh(gram).eigenvalues.toDoubles()
        XCTAssertGreaterThan(eigenvalues.min()!, -1e-12, "\(eigenvalues)")
        let subKernels = kernel(Variable(Tensor.f64(weights, [6]))).subKernelMatrices(x, x)
        XCTAssertEqual(subKernels.shape, [6, 12, 12])
    }
}
