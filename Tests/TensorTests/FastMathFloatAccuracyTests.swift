import Foundation
import XCTest

#if canImport(FastMathKernels)
    @testable import FastMathKernels
#elseif canImport(Tensor)
    @testable import Tensor
#endif

/// ulp sweeps of the `Float` kernels against glibc's `Double` functions over every
/// `FastMathAccuracyConfig.floatStride`-th bit pattern of the whole line.
final class FastMathFloatAccuracyTests: XCTestCase {
    /// Sweeps once and checks each region's maximum against its bound.
    private func check(
        _ f: FastMath.Function, _ bounds: [(ClosedRange<Float>, maxUlps: Double)],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let (fast, reference) = FastMathReference.float(f)
        let worst = FastMathReference.floatSweepMaxUlps(
            stride: FastMathAccuracyConfig.floatStride, regions: bounds.map(\.0), fast: fast, reference: reference)
        for ((region, bound), w) in zip(bounds, worst) {
            FastMathAccuracyConfig.report("Float \(f) on \(region)", w.ulps, w.at)
            XCTAssertLessThanOrEqual(w.ulps, bound, "\(f)(\(w.at))", file: file, line: line)
        }
    }

    private static let line: ClosedRange<Float> = -.infinity...(.infinity)
    private static let trig: ClosedRange<Float> = -FastMath.trigLimitFloat...FastMath.trigLimitFloat

    func testExp() { check(.exp, [(Self.line, 4)]) }
    func testExpm1() { check(.expm1, [(Self.line, 4)]) }
    func testLog() { check(.log, [(Self.line, 4)]) }
    func testLog1p() { check(.log1p, [(Self.line, 4)]) }
    func testTanh() { check(.tanh, [(Self.line, 4)]) }
    func testSigmoid() { check(.sigmoid, [(Self.line, 4)]) }
    func testSoftplus() { check(.softplus, [(Self.line, 4)]) }
    func testSin() { check(.sin, [(-10...10, 4), (Self.trig, 4)]) }
    func testCos() { check(.cos, [(-10...10, 4), (Self.trig, 4)]) }
    func testErf() { check(.erf, [(Self.line, 4)]) }
    /// GELU's negative tail is ill-conditioned in the rounded inner argument (see the kernels' notes).
    func testGeluTanh() {
        check(.geluTanh, [(-1...(.infinity), 4), (-3...(-1), 20), (-6...(-3), 80), (-(.infinity)...(-6), 300)])
    }
    func testGeluErf() {
        check(.geluErf, [(-1...(.infinity), 4), (-3...(-1), 20), (-6...(-3), 80), (-(.infinity)...(-6), 400)])
    }
}

/// Sweep density: every 97th `Float` bit pattern (~44 million arguments per function) in
/// optimized builds, every 1999th in debug builds; `FASTMATH_SWEEP_STRIDE` overrides (1 = every
/// `Float`). `FASTMATH_REPORT=1` prints each measured maximum.
enum FastMathAccuracyConfig {
    static let floatStride: UInt32 = {
        if let s = ProcessInfo.processInfo.environment["FASTMATH_SWEEP_STRIDE"], let v = UInt32(s), v > 0 { return v }
        #if DEBUG
            return 1999
        #else
            return 97
        #endif
    }()

    /// Arguments per `Double` sample group (see `FastMathReference.doubleSample`).
    static let doubleCount: Int = {
        #if DEBUG
            return 1 << 15
        #else
            return 1 << 20
        #endif
    }()

    static func report(_ what: String, _ ulps: Double, _ x: some BinaryFloatingPoint & CustomStringConvertible) {
        if ProcessInfo.processInfo.environment["FASTMATH_REPORT"] != nil {
            print("FASTMATH \(what): max \(String(format: "%.3f", ulps)) ulp at \(x)")
        }
    }
}
