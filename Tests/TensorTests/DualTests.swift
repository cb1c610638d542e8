import RealModule
import Tensor
import TestSupport
import XCTest

/// Dual numbers against finite differences: every function of `Real` that `Dual` implements, first derivatives
/// from `Dual<Double>` and second ones from `Dual<Dual<Double>>`.
final class DualTests: XCTestCase {
    /// f′(x) by the 5-point central difference (error ~h⁴f⁽⁵⁾ + ε/h ≈ 1e-12 with h = 1e-3).
    static func centralDifference(_ f: (Double) -> Double, at x: Double, step h: Double = 1e-3) -> Double {
        (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)
    }

    func testFirstDerivativesMatchFiniteDifferences() {
        for name in ElementaryFunction.Name.allCases {
            let f = ElementaryFunction(name: name)
            for x in f.points {
                let dual = f(Dual(x, tangent: 1))
                XCTAssertEqual(dual.value, f(x), accuracy: 1e-15 * Swift.max(1, Swift.abs(f(x))), "\(name)(\(x))")
                let expected = Self.centralDifference({ f($0) }, at: x)
                XCTAssertEqual(
                    dual.tangent, expected, accuracy: 1e-8 * Swift.max(1, Swift.abs(expected)), "\(name)′(\(x))")
                XCTAssertEqual(Derivative(f)(x), dual.tangent, "Derivative(\(name)) at \(x)")
            }
        }
    }

    func testSecondDerivativesMatchFiniteDifferences() {
        for name in ElementaryFunction.Name.allCases {
            let f = ElementaryFunction(name: name)
            for x in f.points {
                let second = Derivative(Derivative(f))(x)
                let expected = Self.centralDifference({ Derivative(f)($0) }, at: x)
                XCTAssertEqual(second, expected, accuracy: 1e-7 * Swift.max(1, Swift.abs(expected)), "\(name)″(\(x))")
            }
        }
    }

    func testTangentOfArithmeticAndSeedDirection() {
        // d/dx (x·y + x/y) at x = 2, y = 3 along (ẋ, ẏ) = (1, −2): y + 1/y + (x − x/y²)·(−2).
        let x = Dual(2.0, tangent: 1)
        let y = Dual(3.0, tangent: -2)
        let z = x * y + x / y - y
        XCTAssertEqual(z.value, 6 + 2.0 / 3 - 3, accuracy: 1e-15)
        XCTAssertEqual(z.tangent, 3 + 1.0 / 3 + (2 - 2.0 / 9) * -2 + 2, accuracy: 1e-14)
        XCTAssertEqual(Dual(-3.0, tangent: 1).magnitude.tangent, -1)
        XCTAssertEqual(Dual(sign: .minus, exponent: 3, significand: Dual(1.5, tangent: 1)).tangent, -8)
    }

    func testComparisonsLookAtTheValue() {
        XCTAssertEqual(Dual(1.0, tangent: 5), Dual(1.0, tangent: -5))
        XCTAssertLessThan(Dual(1.0, tangent: 5), Dual(2.0, tangent: -5))
        XCTAssertEqual(Dual(2.5, tangent: 7).rounded().tangent, 0)
    }

    func testGammaIsRejected() {
        expectFatalError(containing: "Dual.gamma: the derivative of Γ needs digamma") {
            _ = Dual<Double>.gamma(Dual(1.5, tangent: 1))
        }
        expectFatalError(containing: "Dual.logGamma") { _ = Dual<Double>.logGamma(Dual(1.5, tangent: 1)) }
    }
}
