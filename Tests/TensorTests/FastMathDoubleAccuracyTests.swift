import Foundation
import XCTest

#if canImport(FastMathKernels)
    @testable import FastMathKernels
#elseif canImport(Tensor)
    @testable import Tensor
#endif

/// ulp checks of the `Double` kernels against glibc's `Float80` functions, on bit patterns spread
/// over all exponents plus uniform points in each function's interesting ranges.
final class FastMathDoubleAccuracyTests: XCTestCase {
    /// Checks each region's maximum against its bound.
    private func check(
        _ f: FastMath.Function, sampling ranges: [ClosedRange<Double>],
        _ bounds: [(ClosedRange<Double>, maxUlps: Double)],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let xs = FastMathReference.doubleSample(count: FastMathAccuracyConfig.doubleCount, ranges: ranges)
        let (fast, reference) = FastMathReference.double(f)
        let worst = FastMathReference.maxUlps(xs, regions: bounds.map(\.0), fast: fast, reference: reference)
        for ((region, bound), w) in zip(bounds, worst) {
            FastMathAccuracyConfig.report("Double \(f) on \(region)", w.ulps, w.at)
            XCTAssertLessThanOrEqual(w.ulps, bound, "\(f)(\(w.at))", file: file, line: line)
        }
    }

    private static let line: ClosedRange<Double> = -.infinity...(.infinity)
    private static let trig: ClosedRange<Double> = -FastMath.trigLimitDouble...FastMath.trigLimitDouble

    func testExp() { check(.exp, sampling: [-750...720, -1...1], [(Self.line, 4)]) }
    func testExpm1() { check(.expm1, sampling: [-40...710, -1...1], [(Self.line, 4)]) }
    func testLog() { check(.log, sampling: [0...4, 0.5...1.5], [(Self.line, 4)]) }
    func testLog1p() { check(.log1p, sampling: [-1...1, -1e-3...1e-3], [(Self.line, 4)]) }
    func testTanh() { check(.tanh, sampling: [-20...20, -1...1], [(Self.line, 4)]) }
    func testSigmoid() { check(.sigmoid, sampling: [-750...750, -40...40], [(Self.line, 4)]) }
    func testSoftplus() { check(.softplus, sampling: [-750...750, -40...40], [(Self.line, 4)]) }
    func testSin() { check(.sin, sampling: [-10...10, -1e9...1e9], [(-10...10, 4), (Self.trig, 4)]) }
    func testCos() { check(.cos, sampling: [-10...10, -1e9...1e9], [(-10...10, 4), (Self.trig, 4)]) }
    func testErf() { check(.erf, sampling: [-6...6, -1...1], [(Self.line, 4)]) }
    /// GELU's negative tail is ill-conditioned in the rounded inner argument (see the kernels' notes).
    func testGeluTanh() {
        check(
            .geluTanh, sampling: [-40...40, -3...3],
            [(-1...(.infinity), 4), (-3...(-1), 20), (-6...(-3), 80), (-(.infinity)...(-6), 4000)])
    }
    func testGeluErf() {
        check(
            .geluErf, sampling: [-40...40, -3...3],
            [(-1...(.infinity), 4), (-3...(-1), 30), (-6...(-3), 100), (-(.infinity)...(-6), 4000)])
    }
}
