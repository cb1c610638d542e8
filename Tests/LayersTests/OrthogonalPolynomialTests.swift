import Foundation
import Layers
import Tensor
import XCTest

/// The recurrences against closed forms, in Float64, to 1e-12 (relative to the size of the terms).
final class OrthogonalPolynomialTests: XCTestCase {
    private let points = [-2.7, -1, -0.83, -0.31, 0, 0.2, 0.5, 0.97, 1, 3.4]

    /// Heₙ(x) = n!·Σₘ (−1)ᵐ x^{n−2m}/(m!(n − 2m)!·2ᵐ) and Hₙ(x) = n!·Σₘ (−1)ᵐ (2x)^{n−2m}/(m!(n − 2m)!), summed
    /// exactly for small n, where the sum does not cancel badly.
    func testHermiteMatchesExplicitSums() {
        func factorial(_ k: Int) -> Double { k < 2 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
        for x in points {
            let probabilists = OrthogonalPolynomial.probabilistsHermite.values(at: x, degree: 10)
            let physicists = OrthogonalPolynomial.physicistsHermite.values(at: x, degree: 10)
            for n in 0...10 {
                var he = 0.0
                var h = 0.0
                var scale = 0.0
                for m in 0...(n / 2) {
                    let sign = m % 2 == 0 ? 1.0 : -1.0
                    let common = factorial(n) / (factorial(m) * factorial(n - 2 * m))
                    he += sign * common * Foundation.pow(x, Double(n - 2 * m)) / Foundation.pow(2, Double(m))
                    h += sign * common * Foundation.pow(2 * x, Double(n - 2 * m))
                    scale += common * Foundation.pow(abs(2 * x) + 1, Double(n - 2 * m))
                }
                XCTAssertEqual(probabilists[n], he, accuracy: 1e-12 * max(1, scale), "He\(n)(\(x))")
                XCTAssertEqual(physicists[n], h, accuracy: 1e-12 * max(1, scale), "H\(n)(\(x))")
            }
            XCTAssertEqual(probabilists[3], x * x * x - 3 * x, accuracy: 1e-12 * max(1, abs(x * x * x)))
            XCTAssertEqual(physicists[3], 8 * x * x * x - 12 * x, accuracy: 1e-12 * max(1, abs(8 * x * x * x)))
        }
    }

    /// Tₙ(cos t) = cos(nt) up to degree 60, and Pₙ against its closed forms and Pₙ(1) = 1, Pₙ(−1) = (−1)ⁿ.
    func testChebyshevAndLegendreMatchClosedForms() {
        for t in stride(from: 0.0, through: Double.pi, by: 0.13) {
            let values = OrthogonalPolynomial.chebyshev.values(at: Foundation.cos(t), degree: 60)
            for n in 0...60 { XCTAssertEqual(values[n], Foundation.cos(Double(n) * t), accuracy: 1e-12, "T\(n)") }
        }
        for x in points where abs(x) <= 1 {
            let p = OrthogonalPolynomial.legendre.values(at: x, degree: 40)
            XCTAssertEqual(p[2], (3 * x * x - 1) / 2, accuracy: 1e-14)
            XCTAssertEqual(p[3], (5 * x * x * x - 3 * x) / 2, accuracy: 1e-14)
            XCTAssertEqual(p[4], (35 * Foundation.pow(x, 4) - 30 * x * x + 3) / 8, accuracy: 1e-14)
            XCTAssertEqual(p[5], (63 * Foundation.pow(x, 5) - 70 * Foundation.pow(x, 3) + 15 * x) / 8, accuracy: 1e-14)
            XCTAssertTrue(p.allSatisfy { abs($0) <= 1 + 1e-12 }, "|Pₙ| ≤ 1 on [−1, 1]")
        }
        let atOne = OrthogonalPolynomial.legendre.values(at: 1, degree: 50)
        let atMinusOne = OrthogonalPolynomial.legendre.values(at: -1, degree: 50)
        for n in 0...50 {
            XCTAssertEqual(atOne[n], 1, accuracy: 1e-12)
            XCTAssertEqual(atMinusOne[n], n % 2 == 0 ? 1 : -1, accuracy: 1e-12)
        }
    }

    /// Orthogonality by Gauss quadrature: E[Heₘ(Z)Heₙ(Z)] = n!·δₘₙ by 40-point Gauss–Hermite (exact for degree < 80).
    func testProbabilistsHermiteIsOrthogonalUnderTheGaussian() throws {
        // Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix with off-diagonal √k, the weights the
        // squared first components of its eigenvectors.
        let size = 40
        var jacobi = [Double](repeating: 0, count: size * size)
        for k in 1..<size {
            jacobi[(k - 1) * size + k] = Double(k).squareRoot()
            jacobi[k * size + k - 1] = Double(k).squareRoot()
        }
        let (nodes, vectors) = try Linalg.eigh(Tensor(jacobi, shape: [size, size]))
        let weights = vectors.selected(axis: 0, index: 0).square().toDoubles()
        let features = OrthogonalPolynomial.probabilistsHermite.features(nodes, degree: 8).toDoubles()
        for m in 0...8 {
            for n in 0...8 {
                let integral = (0..<size).reduce(0.0) { $0 + weights[$1] * features[$1 * 9 + m] * features[$1 * 9 + n] }
                let expected = m == n ? (1...max(n, 1)).reduce(1.0) { $0 * Double($1) } : 0
                XCTAssertEqual(integral, expected, accuracy: 1e-9 * max(1, expected), "E[He\(m)He\(n)]")
            }
        }
    }

    func testFeaturesShapeDerivativesAndNonContiguousInput() {
        let grid = Tensor([-0.9, -0.2, 0.4, 1.0, 0.7, -1.0], shape: [2, 3])
        for family in OrthogonalPolynomial.allCases {
            let features = family.features(grid.transposed(), degree: 5)
            XCTAssertEqual(features.shape, [3, 2, 6])
            XCTAssertEqual(features.dtype, .float64)
            for (i, x) in grid.transposed().contiguous().toDoubles().enumerated() {
                let row = family.values(at: x, degree: 5)
                XCTAssertEqual(Array(features.toDoubles()[(i * 6)..<(i * 6 + 6)]), row, "\(family)")
                XCTAssertEqual(family(grid.transposed(), degree: 5).toDoubles()[i], row[5])
                // Derivative against a central difference (the polynomials extend past ±1).
                for n in 1...5 {
                    let h = 1e-6
                    let slope =
                        (family.values(at: x + h, degree: n)[n] - family.values(at: x - h, degree: n)[n]) / (2 * h)
                    XCTAssertEqual(
                        family.derivative(at: x, degree: n), slope, accuracy: 1e-4 * max(1, abs(slope)),
                        "\(family) \(n) at \(x)")
                }
            }
        }
    }
}
