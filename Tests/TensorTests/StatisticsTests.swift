import Foundation
import Tensor
import TestSupport
import XCTest

/// logSumExp, variance, standard deviation and p-norms against `Double` references.
final class StatisticsTests: XCTestCase {
    static func logSumExp(_ v: [Double]) -> Double {
        if v.contains(where: \.isNaN) { return .nan }
        let m = v.max() ?? -.infinity
        if m.isInfinite { return m }
        return m + Foundation.log(v.map { Foundation.exp($0 - m) }.reduce(0, +))
    }

    static func variance(correction: Int) -> ([Double]) -> Double {
        { v in
            let mean = v.reduce(0, +) / Double(v.count)
            return v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - correction)
        }
    }

    static func norm(_ p: Double) -> ([Double]) -> Double {
        { v in
            switch p {
            case 1: v.map(Swift.abs).reduce(0, +)
            case 2: v.map { $0 * $0 }.reduce(0, +).squareRoot()
            case .infinity: v.map(Swift.abs).max() ?? 0
            default: Foundation.pow(v.map { Foundation.pow(Swift.abs($0), p) }.reduce(0, +), 1 / p)
            }
        }
    }

    static let axisChoices: [[Int]?] = [nil, [], [0], [1], [2], [0, 2], [-1], [1, 2], [0, 1, 2]]

    func testLogSumExpOnEveryLayout() {
        var random = TestRandom(seed: 61)
        for dtype in [DType.float32, .float64] {
            let tolerance = dtype == .float32 ? 2e-6 : 1e-13
            for values in [
                random.tensor([3, 4, 5], dtype: dtype, low: -5, high: 5),
                valuesConstant(along: 1, shape: [2, 3, 4], dtype: dtype, random: &random),
            ] {
                for variant in layoutVariants(of: values) {
                    for axes in Self.axisChoices {
                        for keepDims in [false, true] {
                            assertClose(
                                variant.tensor.logSumExp(axes: axes, keepDims: keepDims),
                                referenceReduction(values, axes: axes, keepDims: keepDims, Self.logSumExp),
                                relativeTolerance: tolerance, absoluteTolerance: tolerance,
                                "logSumExp \(dtype) \(variant.name) \(axes.map { "\($0)" } ?? "nil") \(keepDims)")
                        }
                    }
                }
            }
        }
    }

    func testLogSumExpOfLargeValuesAndInfiniteSlices() {
        for dtype in [DType.float32, .float64] {
            let x = Tensor(
                [
                    1000, 1000, -1000, -1000, 88, 89, -.infinity, -.infinity, -.infinity, 3, .infinity, 1, .nan, 0,
                    -.infinity, .infinity,
                ],
                shape: [8, 2], dtype: dtype)
            let expected = referenceReduction(x, axes: [1], Self.logSumExp)
            assertClose(x.logSumExp(axes: [1]), expected, relativeTolerance: 1e-6, absoluteTolerance: 0, "\(dtype)")
            let known = [
                1000 + Foundation.log(2), -1000 + Foundation.log(2), 89 + Foundation.log1p(Foundation.exp(-1.0)),
                -.infinity, 3, .infinity, .nan, .infinity,
            ]
            assertClose(
                x.logSumExp(axes: [1]), known, shape: [8], relativeTolerance: dtype == .float32 ? 1e-7 : 1e-15,
                absoluteTolerance: 0)
            // Over the transposed layout and along axis 0.
            assertClose(
                x.transposed().logSumExp(axes: [0]), expected, relativeTolerance: 1e-6, absoluteTolerance: 0,
                "\(dtype) transposed")
            // Every element −∞: −∞, not NaN.
            let all = Tensor.full([2, 3], value: -.infinity, dtype: dtype)
            assertElements(all.logSumExp(), [-.infinity], shape: [])
            assertElements(
                all.logSumExp(axes: [0], keepDims: true), [-.infinity, -.infinity, -.infinity], shape: [1, 3])
        }
    }

    func testLargeLogSumExp() {
        var random = TestRandom(seed: 62)
        let x = random.tensor(ParallelSizes.matrix, dtype: .float32, low: -50, high: 50)
        assertClose(x.logSumExp(), referenceReduction(x, axes: nil, Self.logSumExp), relativeTolerance: 1e-5)
        assertClose(x.logSumExp(axes: [0]), referenceReduction(x, axes: [0], Self.logSumExp), relativeTolerance: 1e-5)
    }

    func testVarianceAndStandardDeviation() {
        var random = TestRandom(seed: 63)
        for dtype in [DType.float32, .float64] {
            let tolerance = dtype == .float32 ? 1e-5 : 1e-12
            for values in [
                random.tensor([3, 4, 5], dtype: dtype, low: -2, high: 3),
                valuesConstant(along: 1, shape: [2, 3, 4], dtype: dtype, random: &random),
            ] {
                for variant in layoutVariants(of: values) {
                    for axes in Self.axisChoices where axes != [] {
                        for correction in [0, 1] {
                            for keepDims in [false, true] {
                                let label =
                                    "\(dtype) \(variant.name) \(axes.map { "\($0)" } ?? "nil") correction \(correction) \(keepDims)"
                                let expected = referenceReduction(
                                    values, axes: axes, keepDims: keepDims, Self.variance(correction: correction))
                                assertClose(
                                    variant.tensor.variance(axes: axes, correction: correction, keepDims: keepDims),
                                    expected,
                                    relativeTolerance: tolerance, absoluteTolerance: tolerance, "variance \(label)")
                                assertClose(
                                    variant.tensor.standardDeviation(
                                        axes: axes, correction: correction, keepDims: keepDims),
                                    expected.sqrt(), relativeTolerance: tolerance, absoluteTolerance: tolerance,
                                    "std \(label)")
                            }
                        }
                    }
                }
            }
        }
        // Known values: [1, 2, 3, 4] has population variance 1.25 and sample variance 5/3.
        let x = Tensor([1.0, 2, 3, 4])
        XCTAssertEqual(x.variance(correction: 0).item(), 1.25, accuracy: 1e-15)
        XCTAssertEqual(x.variance().item(), 5.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(x.standardDeviation(correction: 0).item(), 1.25.squareRoot(), accuracy: 1e-15)
        // Variance is shift-invariant; a large offset must not destroy it (two-pass, not E[x²] − E[x]²).
        let shifted = Tensor([1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4])
        XCTAssertEqual(shifted.variance(correction: 0).item(), 1.25, accuracy: 1e-6)
    }

    func testLargeVariance() {
        var random = TestRandom(seed: 64)
        let x = random.tensor(ParallelSizes.matrix, dtype: .float32, low: 0, high: 1)
        assertClose(
            x.variance(), referenceReduction(x, axes: nil, Self.variance(correction: 1)), relativeTolerance: 1e-4)
        assertClose(
            x.transposed().variance(axes: [1], correction: 0),
            referenceReduction(x, axes: [0], Self.variance(correction: 0)), relativeTolerance: 1e-4)
    }

    func testNorms() {
        var random = TestRandom(seed: 65)
        for dtype in [DType.float32, .float64] {
            let tolerance = dtype == .float32 ? 1e-5 : 1e-12
            for values in [
                random.tensor([3, 4, 5], dtype: dtype, low: -2, high: 2),
                valuesConstant(along: 1, shape: [2, 3, 4], dtype: dtype, random: &random),
            ] {
                for variant in layoutVariants(of: values) {
                    for p in [1, 2, Double.infinity, 3] {
                        for axes in Self.axisChoices where axes != [] {
                            for keepDims in [false, true] {
                                assertClose(
                                    variant.tensor.norm(p, axes: axes, keepDims: keepDims),
                                    referenceReduction(values, axes: axes, keepDims: keepDims, Self.norm(p)),
                                    relativeTolerance: tolerance, absoluteTolerance: tolerance,
                                    "norm \(p) \(dtype) \(variant.name) \(axes.map { "\($0)" } ?? "nil") \(keepDims)")
                            }
                        }
                    }
                }
            }
        }
        let v = Tensor([3.0, -4])
        XCTAssertEqual(v.norm().item(), 5)
        XCTAssertEqual(v.norm(1).item(), 7)
        XCTAssertEqual(v.norm(.infinity).item(), 4)
        XCTAssertEqual(v.norm(3).item(), Foundation.pow(91, 1.0 / 3), accuracy: 1e-14)
        XCTAssertEqual(Tensor.zeros([3]).norm(3).item(), 0)
    }
}
