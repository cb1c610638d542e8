import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Arbitrary polynomial chaos against closed forms: orthonormality on the empirical measure, the normalized Legendre
/// and Hermite polynomials from the uniform and Gaussian moments and data; the total-degree monomials.
final class ArbitraryPolynomialChaosTests: XCTestCase {
    private let points = [-2.1, -1, -0.7, -0.25, 0, 0.3, 0.81, 1, 1.9]

    func testTotalDegreeMonomials() {
        let monomials = TotalDegreeMonomials(dimension: 2, degree: 2)
        XCTAssertEqual(monomials.exponents, [[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]])
        XCTAssertEqual(TotalDegreeMonomials(dimension: 3, degree: 4).count, 35)
        XCTAssertEqual(TotalDegreeMonomials(dimension: 1, degree: 3).exponents, [[0], [1], [2], [3]])
        let x = Tensor([0.5, -2, 3, 0.1], shape: [2, 2], dtype: .float64)
        assertClose(
            monomials(x), [1, 0.5, -2, 0.25, -1, 4, 1, 3, 0.1, 9, 0.3, 0.01], shape: [2, 6], relativeTolerance: 1e-14)
        assertClose(monomials(Variable(x)).value, monomials(x), relativeTolerance: 1e-14)
        assertGradients("monomials", at: [x]) { TotalDegreeMonomials(dimension: 2, degree: 3)($0[0]) }
    }

    /// Beta-distributed, correlated data in 3 variables: (1/N)·ΨᵀΨ = I to 1e-10, also with weights; Ψ₀ = 1.
    func testOrthonormalOnTheEmpiricalMeasure() throws {
        var generator = RandomGenerator(seed: 1)
        let n = 300
        var values: [Double] = []
        for _ in 0..<n {
            let u = (0..<3).map { _ in pow(generator.nextDouble(), 3) }
            values += [u[0], u[1] + 0.5 * u[0], exp(u[2]) - u[1]]
        }
        let x = Tensor(values, shape: [n, 3])
        let weights = (0..<n).map { _ in generator.nextDouble() }
        for weighting in [nil, weights] {
            let basis = try ArbitraryPolynomialChaos(samples: x, degree: 3, weights: weighting)
            let psi = basis(x)
            XCTAssertEqual(psi.shape, [n, 20])
            let raw = weighting ?? Array(repeating: 1, count: n)
            let total = raw.reduce(0, +)
            let w = Tensor(raw.map { $0 / total }, shape: [n, 1])
            assertClose(psi.transposed(0, 1).matmul(psi * w), Tensor.eye(20, dtype: .float64), absoluteTolerance: 1e-10)
            assertClose(psi.selected(axis: 1, index: 0), Tensor.ones([n], dtype: .float64), relativeTolerance: 1e-10)
            assertClose(basis(Variable(x)).value, psi, absoluteTolerance: 1e-12)
        }
    }

    /// The uniform measure on [−1, 1] (moments 1/(k + 1) for even k), and Gauss–Legendre nodes with their weights as
    /// data (exact for the moments up to degree 2·20 − 1): √(2k + 1)·P_k.
    func testUniformMeasureGivesNormalizedLegendre() throws {
        let degree = 8
        let moments = (0...2 * degree).map { (k: Int) -> Double in k % 2 == 0 ? 1 / Double(k + 1) : 0 }
        let quadrature = GaussLegendreQuadrature(count: 20)
        let fromData = try ArbitraryPolynomialChaos(
            samples: Tensor(quadrature.nodes, shape: [20, 1]), degree: degree, weights: quadrature.weights)
        var expected: [Double] = []
        for x in points {
            let legendre = OrthogonalPolynomial.legendre.values(at: x, degree: degree)
            for (k, value) in legendre.enumerated() { expected.append((2 * Double(k) + 1).squareRoot() * value) }
        }
        let x = Tensor(points, shape: [points.count, 1])
        assertClose(
            try ArbitraryPolynomialChaos(moments: moments, degree: degree)(x), expected,
            shape: [points.count, degree + 1], relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        assertClose(
            fromData(x), expected, shape: [points.count, degree + 1], relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
    }

    /// The standard Gaussian (moments (k − 1)!! for even k): He_k/√k!; from 200 000 Gaussian samples, the same within
    /// sampling error.
    func testGaussianMeasureGivesNormalizedHermite() throws {
        let degree = 8
        var doubleFactorial = 1.0
        let moments = (0...2 * degree).map { k -> Double in
            guard k % 2 == 0 else { return 0 }
            if k > 0 { doubleFactorial *= Double(k - 1) }
            return doubleFactorial
        }
        func normalizedHermite(_ x: Double, _ degree: Int) -> [Double] {
            var factorial = 1.0
            return OrthogonalPolynomial.probabilistsHermite.values(at: x, degree: degree).enumerated().map {
                if $0.offset > 0 { factorial *= Double($0.offset) }
                return $0.element / factorial.squareRoot()
            }
        }
        let x = Tensor(points, shape: [points.count, 1])
        assertClose(
            try ArbitraryPolynomialChaos(moments: moments, degree: degree)(x),
            points.flatMap { normalizedHermite($0, degree) },
            shape: [points.count, degree + 1], relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        var generator = RandomGenerator(seed: 2)
        let samples = Tensor.normal([200_000, 1], dtype: .float64, using: &generator)
        let fromData = try ArbitraryPolynomialChaos(samples: samples, degree: 3)
        assertClose(
            fromData(x), points.flatMap { normalizedHermite($0, 3) }, shape: [points.count, 4], relativeTolerance: 0.05,
            absoluteTolerance: 0.05)
    }

    /// Two distinct points cannot carry an orthonormal basis of degree 2.
    func testTooFewPointsThrow() {
        let x = Tensor([1, 2, 1, 2], shape: [4, 1], dtype: .float64)
        XCTAssertThrowsError(try ArbitraryPolynomialChaos(samples: x, degree: 2))
        XCTAssertNoThrow(try ArbitraryPolynomialChaos(samples: x, degree: 1))
    }
}
