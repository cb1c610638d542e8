import Foundation
import XCTest

#if canImport(FastMathKernels)
    @testable import FastMathKernels
#elseif canImport(Tensor)
    @testable import Tensor
#endif

/// ±0, ±∞, NaN, domain edges and overflow/underflow thresholds, for `Float` and `Double`.
final class FastMathSpecialValueTests: XCTestCase {
    /// Exactly `expected` (same sign of zero; any NaN matches NaN).
    private func same<T: BinaryFloatingPoint>(
        _ y: T, _ expected: T, _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let ok = expected.isNaN ? y.isNaN : (y == expected && y.sign == expected.sign)
        XCTAssertTrue(ok, "\(what()) = \(y), expected \(expected)", file: file, line: line)
    }

    private func checkCommon<T: BinaryFloatingPoint>(
        _: T.Type, _ f: (FastMath.Function, T) -> T, file: StaticString = #filePath, line: UInt = #line
    ) {
        let inf = T.infinity
        let nan = T.nan
        for g in FastMath.Function.allCases { same(f(g, nan), nan, "\(g)(nan)", file: file, line: line) }
        let table: [(FastMath.Function, T, T)] = [
            (.exp, 0, 1), (.exp, -0.0, 1), (.exp, inf, inf), (.exp, -inf, 0), (.exp, 1e6, inf), (.exp, -1e6, 0),
            (.expm1, 0, 0), (.expm1, -0.0, -0.0), (.expm1, inf, inf), (.expm1, -inf, -1), (.expm1, 1e6, inf),
            (.expm1, -1e6, -1),
            (.log, 1, 0), (.log, 0, -inf), (.log, -0.0, -inf), (.log, -1, nan), (.log, -inf, nan), (.log, inf, inf),
            (.log1p, 0, 0), (.log1p, -0.0, -0.0), (.log1p, -1, -inf), (.log1p, -2, nan), (.log1p, -inf, nan),
            (.log1p, inf, inf),
            (.tanh, 0, 0), (.tanh, -0.0, -0.0), (.tanh, inf, 1), (.tanh, -inf, -1), (.tanh, 30, 1), (.tanh, -30, -1),
            (.sigmoid, 0, 0.5), (.sigmoid, -0.0, 0.5), (.sigmoid, inf, 1), (.sigmoid, -inf, 0), (.sigmoid, 1e6, 1),
            (.sigmoid, -1e6, 0),
            (.softplus, inf, inf), (.softplus, -inf, 0), (.softplus, 1e30, 1e30), (.softplus, -1e6, 0),
            (.sin, 0, 0), (.sin, -0.0, -0.0), (.sin, inf, nan), (.sin, -inf, nan),
            (.cos, 0, 1), (.cos, -0.0, 1), (.cos, inf, nan), (.cos, -inf, nan),
            (.erf, 0, 0), (.erf, -0.0, -0.0), (.erf, inf, 1), (.erf, -inf, -1), (.erf, 7, 1), (.erf, -7, -1),
            (.geluTanh, 0, 0), (.geluTanh, inf, inf), (.geluTanh, 1e30, 1e30),
            (.geluErf, 0, 0), (.geluErf, inf, inf), (.geluErf, 1e30, 1e30),
        ]
        for (g, x, expected) in table { same(f(g, x), expected, "\(T.self) \(g)(\(x))", file: file, line: line) }
        for g in [FastMath.Function.geluTanh, .geluErf] {  // the negative tail underflows to (−)0
            for x: T in [-inf, -1e30, -100] {
                XCTAssertEqual(f(g, x), 0, "\(T.self) \(g)(\(x))", file: file, line: line)
            }
        }
        XCTAssertEqual(f(.softplus, 0), T(0.693147180559945309), accuracy: T.ulpOfOne, file: file, line: line)
    }

    func testFloat() {
        checkCommon(Float.self) { g, x in FastMathReference.float(g).fast(x) }
        // Thresholds: exp overflows above ln(2^128) ≈ 88.7228, underflows below ≈ −103.972.
        XCTAssertEqual(FastMath.exp(Float(88.72)), Foundation.exp(Float(88.72)))
        same(FastMath.exp(Float(88.73)), .infinity, "exp(88.73)")
        XCTAssertGreaterThan(FastMath.exp(Float(-103.9)), 0)
        same(FastMath.exp(Float(-104)), 0, "exp(-104)")
        XCTAssertEqual(FastMath.exp(Float(-100)), Foundation.exp(Float(-100)))  // a subnormal result
        XCTAssertEqual(FastMath.log(Float.leastNonzeroMagnitude), Foundation.log(Float.leastNonzeroMagnitude))
        XCTAssertEqual(FastMath.log(Float.greatestFiniteMagnitude), Foundation.log(Float.greatestFiniteMagnitude))
        XCTAssertEqual(FastMath.sigmoid(Float(-100)), Float(Foundation.exp(-100.0)))  // subnormal, not 0
        XCTAssertEqual(
            FastMath.expm1(Float(88.7)), Foundation.expm1(Float(88.7)), accuracy: Foundation.expm1(Float(88.7)).ulp)
    }

    func testDouble() {
        checkCommon(Double.self) { g, x in FastMathReference.double(g).fast(x) }
        XCTAssertEqual(FastMath.exp(709.78), Foundation.exp(709.78), accuracy: Foundation.exp(709.78).ulp)
        same(FastMath.exp(709.79), .infinity, "exp(709.79)")
        XCTAssertGreaterThan(FastMath.exp(-745.1), 0)
        same(FastMath.exp(-745.2), 0, "exp(-745.2)")
        XCTAssertEqual(FastMath.exp(-740.0), Foundation.exp(-740.0))  // a subnormal result
        XCTAssertEqual(FastMath.log(Double.leastNonzeroMagnitude), Foundation.log(Double.leastNonzeroMagnitude))
        XCTAssertEqual(FastMath.log(Double.greatestFiniteMagnitude), Foundation.log(Double.greatestFiniteMagnitude))
        XCTAssertEqual(FastMath.sigmoid(-740.0), Foundation.exp(-740.0))
        XCTAssertEqual(FastMath.expm1(709.7), Foundation.expm1(709.7), accuracy: Foundation.expm1(709.7).ulp)
    }
}
