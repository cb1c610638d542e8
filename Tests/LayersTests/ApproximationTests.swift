import Foundation
import Layers
import Tensor
import XCTest

/// Legendre bases, Gauss–Legendre quadrature, weighted least squares and projection-DPP sampling against closed forms.
final class ApproximationTests: XCTestCase {
    /// Nodes ±√(3/5), 0 with weights 5/9, 8/9, 5/9; exact for x¹⁰ from 6 nodes (∫ = 2/11).
    func testGaussLegendreQuadratureHasItsClosedForms() {
        let three = GaussLegendreQuadrature(count: 3)
        for (node, expected) in zip(three.nodes, [-(0.6).squareRoot(), 0, (0.6).squareRoot()]) {
            XCTAssertEqual(node, expected, accuracy: 1e-15)
        }
        for (weight, expected) in zip(three.weights, [5.0 / 9, 8.0 / 9, 5.0 / 9]) {
            XCTAssertEqual(weight, expected, accuracy: 1e-15)
        }
        let six = GaussLegendreQuadrature(count: 6)
        XCTAssertEqual(zip(six.nodes, six.weights).reduce(0) { $0 + $1.1 * pow($1.0, 10) }, 2.0 / 11, accuracy: 1e-15)
        let large = GaussLegendreQuadrature(count: 500)
        XCTAssertEqual(large.weights.reduce(0, +), 2, accuracy: 1e-12)
        XCTAssertEqual(
            zip(large.nodes, large.weights).reduce(0) { $0 + $1.1 * cos($1.0) }, 2 * sin(1.0), accuracy: 1e-13)
    }

    /// ∫φᵢφⱼ dx/2 = δᵢⱼ (30-node quadrature is exact to degree 59); φ₂ = √5(3x² − 1)/2; K(1, 1) = m².
    func testLegendreBasisIsOrthonormal() {
        let basis = LegendreBasis(dimension: 20)
        let quadrature = GaussLegendreQuadrature(count: 30)
        var gram = [Double](repeating: 0, count: 400)
        for (x, w) in zip(quadrature.nodes, quadrature.weights) {
            let phi = basis.values(at: x)
            for i in 0..<20 { for j in 0..<20 { gram[i * 20 + j] += w / 2 * phi[i] * phi[j] } }
        }
        for i in 0..<20 { for j in 0..<20 { XCTAssertEqual(gram[i * 20 + j], i == j ? 1 : 0, accuracy: 1e-12) } }
        XCTAssertEqual(basis.values(at: 0.3)[2], 5.0.squareRoot() * (3 * 0.09 - 1) / 2, accuracy: 1e-15)
        XCTAssertEqual(basis.christoffel(at: 1), 400, accuracy: 1e-10)
        XCTAssertEqual(basis.christoffel(at: -1), 400, accuracy: 1e-10)
    }

    /// A function in the span is recovered exactly whatever the weights; a line fit matches the closed-form weighted
    /// normal equations; coincident points make the system singular.
    func testWeightedLeastSquares() throws {
        let basis = LegendreBasis(dimension: 5)
        var generator = RandomGenerator(seed: 1)
        let points = (0..<12).map { _ in 2 * generator.nextDouble() - 1 }
        let weights = (0..<12).map { _ in 0.5 + generator.nextDouble() }
        let values = points.map { 2 - 0.5 * basis.values(at: $0)[3] }
        let fit = try XCTUnwrap(
            WeightedLeastSquares.fit(design: basis.matrix(at: points), values: values, weights: weights, dimension: 5))
        for (c, expected) in zip(fit.coefficients, [2, 0, 0, -0.5, 0]) { XCTAssertEqual(c, expected, accuracy: 1e-12) }
        // y ≈ a + b·x with weights: b = Σw(x − x̄)(y − ȳ)/Σw(x − x̄)², x̄, ȳ weighted means; φ₀ = 1, φ₁ = √3·x.
        let y = points.map { sin(3 * $0) }
        let total = weights.reduce(0, +)
        let meanX = zip(weights, points).reduce(0) { $0 + $1.0 * $1.1 } / total
        let meanY = zip(weights, y).reduce(0) { $0 + $1.0 * $1.1 } / total
        var sxy = 0.0
        var sxx = 0.0
        for i in 0..<12 {
            sxy += weights[i] * (points[i] - meanX) * (y[i] - meanY)
            sxx += weights[i] * (points[i] - meanX) * (points[i] - meanX)
        }
        let line = try XCTUnwrap(
            WeightedLeastSquares.fit(
                design: LegendreBasis(dimension: 2).matrix(at: points), values: y, weights: weights, dimension: 2))
        XCTAssertEqual(line.coefficients[1] * 3.0.squareRoot(), sxy / sxx, accuracy: 1e-12)
        XCTAssertEqual(line.coefficients[0], meanY - sxy / sxx * meanX, accuracy: 1e-12)
        XCTAssertNil(
            WeightedLeastSquares.fit(
                design: basis.matrix(at: [0.1, 0.1, 0.1, 0.5, 0.5]), values: [1, 2, 3, 4, 5], weights: [1, 1, 1, 1, 1],
                dimension: 5))
    }

    /// Volume sampling: P(S) = det(Φ_S)²/det(ΦᵀΦ) (Cauchy–Binet), for 5 candidates and rank 2, against 40 000
    /// samples; the points of a sample are distinct.
    func testProjectionDPPSamplesWithVolumeProbabilities() {
        let features: [Double] = [1, 0.2, 1, -0.7, 0.5, 1.1, 1, 0.9, 0.3, -0.4]
        let dpp = ProjectionDPP(features: features, candidateCount: 5, rank: 2)
        var counts: [[Int]: Int] = [:]
        var generator = RandomGenerator(seed: 7)
        let samples = 40_000
        for _ in 0..<samples {
            let chosen = dpp.sample(using: &generator)
            XCTAssertEqual(Set(chosen).count, 2)
            counts[chosen.sorted(), default: 0] += 1
        }
        func determinant(_ i: Int, _ j: Int) -> Double {
            features[2 * i] * features[2 * j + 1] - features[2 * i + 1] * features[2 * j]
        }
        var total = 0.0
        for i in 0..<5 { for j in (i + 1)..<5 { total += pow(determinant(i, j), 2) } }
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                let expected = pow(determinant(i, j), 2) / total
                let observed = Double(counts[[i, j], default: 0]) / Double(samples)
                XCTAssertEqual(
                    observed, expected, accuracy: 4 * (expected * (1 - expected) / Double(samples)).squareRoot() + 1e-9,
                    "pair (\(i), \(j))")
            }
        }
    }
}
