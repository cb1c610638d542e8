import Foundation
import XCTest

#if canImport(FastMathKernels)
    @testable import FastMathKernels
#elseif canImport(Tensor)
    @testable import Tensor
#endif

/// `FastMath.apply` against the scalar functions: out of place, in place, odd lengths, and the
/// libm hand-off of large sin/cos arguments.
final class FastMathApplyTests: XCTestCase {
    /// Arguments with specials mixed in, from a fixed-seed generator.
    private func arguments<T: BinaryFloatingPoint>(_ n: Int, scale: Double) -> [T] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var xs: [T] = (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return T(scale * (Double(state >> 11) * 0x1p-52 - 1))
        }
        for (i, s) in [T.nan, .infinity, -.infinity, 0, -0.0].enumerated() where i * 7 < n { xs[i * 7] = s }
        return xs
    }

    private func check<T: BinaryFloatingPoint>(
        _: T.Type, scalar: (FastMath.Function) -> (T) -> T,
        apply: (FastMath.Function, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    ) {
        for f in FastMath.Function.allCases {
            for n in [0, 1, 7, 1001] {
                let xs: [T] = arguments(n, scale: 30)
                let expected = xs.map(scalar(f))
                var ys = [T](repeating: 7, count: n)
                xs.withUnsafeBufferPointer { x in
                    ys.withUnsafeMutableBufferPointer { y in apply(f, x.baseAddress!, y.baseAddress!, n) }
                }
                var inPlace = xs
                inPlace.withUnsafeMutableBufferPointer { y in apply(f, y.baseAddress!, y.baseAddress!, n) }
                for i in 0..<n {
                    let e = expected[i]
                    let same =
                        e.isNaN
                        ? ys[i].isNaN && inPlace[i].isNaN
                        : ys[i] == e && ys[i].sign == e.sign && inPlace[i] == e && inPlace[i].sign == e.sign
                    XCTAssertTrue(
                        same, "\(T.self) \(f)(\(xs[i])): \(ys[i]), in place \(inPlace[i]), scalar \(expected[i])")
                }
            }
        }
    }

    func testMatchesScalarFloat() {
        check(
            Float.self, scalar: { FastMathReference.float($0).fast }, apply: { FastMath.apply($0, $1, $2, count: $3) })
    }

    func testMatchesScalarDouble() {
        check(
            Double.self, scalar: { FastMathReference.double($0).fast }, apply: { FastMath.apply($0, $1, $2, count: $3) }
        )
    }

    /// Blocks holding an argument beyond the reduction limit give it to libm; the rest of the
    /// block keeps the fast result.
    func testTrigLargeArguments() {
        var xf: [Float] = arguments(600, scale: 10)
        xf[3] = 1e30
        xf[300] = -0x1p25
        xf[599] = .greatestFiniteMagnitude
        var xd: [Double] = arguments(600, scale: 10)
        xd[3] = 1e300
        xd[300] = -0x1p31
        xd[599] = 1e22
        for (f, libmF, libmD) in [
            (FastMath.Function.sin, { (x: Float) in Foundation.sin(x) }, { (x: Double) in Foundation.sin(x) }),
            (.cos, { Foundation.cos($0) }, { Foundation.cos($0) }),
        ] {
            var yf = xf
            yf.withUnsafeMutableBufferPointer { FastMath.apply(f, $0.baseAddress!, $0.baseAddress!, count: 600) }
            var yd = [Double](repeating: 0, count: 600)
            xd.withUnsafeBufferPointer { x in
                yd.withUnsafeMutableBufferPointer { FastMath.apply(f, x.baseAddress!, $0.baseAddress!, count: 600) }
            }
            for i in [3, 300, 599] {
                XCTAssertEqual(yf[i], libmF(xf[i]), "\(f)(\(xf[i]))")
                XCTAssertEqual(yd[i], libmD(xd[i]), "\(f)(\(xd[i]))")
            }
            let scalarF = FastMathReference.float(f).fast
            let scalarD = FastMathReference.double(f).fast
            for i in [1, 4, 299, 301, 598] where !xf[i].isNaN && !xd[i].isNaN {
                XCTAssertEqual(yf[i], scalarF(xf[i]), "\(f)(\(xf[i]))")
                XCTAssertEqual(yd[i], scalarD(xd[i]), "\(f)(\(xd[i]))")
            }
        }
    }
}
