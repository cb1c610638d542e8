import Foundation
import Tensor
import TestSupport
import XCTest

/// Tensor ⋄ scalar and scalar ⋄ tensor, and `clamped`.
final class ScalarOpTests: XCTestCase {
    func check(
        _ result: Tensor, _ x: Tensor, rtol: Double = 0, _ label: String, file: StaticString = #filePath,
        line: UInt = #line, _ f: (Double) -> Double
    ) {
        XCTAssertEqual(result.dtype, x.dtype, label, file: file, line: line)
        assertClose(
            result, referenceMap(x, f), relativeTolerance: rtol, absoluteTolerance: 0, label, file: file, line: line)
    }

    func testArithmeticWithScalarsOnEveryLayout() {
        var random = TestRandom(seed: 3)
        for dtype in [DType.float32, .float64] {
            for values in [
                random.tensor([3, 4], dtype: dtype, low: -4, high: 4),
                valuesConstant(along: 1, shape: [2, 3, 2], dtype: dtype, random: &random),
            ] {
                for variant in layoutVariants(of: values) {
                    let x = variant.tensor
                    let s = 1.75
                    let label = "\(dtype) \(values.shape) \(variant.name)"
                    check(x + s, x, label) { $0 + s }
                    check(s + x, x, label) { s + $0 }
                    check(x - s, x, label) { $0 - s }
                    check(s - x, x, label) { s - $0 }
                    check(x * s, x, label) { $0 * s }
                    check(s * x, x, label) { s * $0 }
                    check(x / s, x, label) { $0 / s }
                    check(s / x, x, label) { s / $0 }
                    check(x.applying(.maximum, scalar: 0.25), x, label) { Swift.max($0, 0.25) }
                    check(x.applying(.minimum, scalar: 0.25), x, label) { Swift.min($0, 0.25) }
                    let rtol = dtype == .float32 ? 2e-6 : 1e-14
                    for p in [2.0, 3, -1, 0, 0.5, 1.5, -2.5] {
                        check(x.abs().pow(p), x.abs(), rtol: rtol, "\(label) pow \(p)") { Foundation.pow($0, p) }
                        check(x.pow(p), x, rtol: rtol, "\(label) pow \(p)") { Foundation.pow($0, p) }
                    }
                }
            }
        }
    }

    func testScalarOperandsInFloat32AreRoundedOnce() {
        // The scalar is converted to float32 first, as PyTorch does for a Python float with a float32 tensor.
        let x = Tensor([Float(1), 2, 3])
        XCTAssertEqual((x * 0.1).scalars(as: Float.self), [Float(1) * Float(0.1), 2 * Float(0.1), 3 * Float(0.1)])
        XCTAssertEqual((0.1 - x).scalars(as: Float.self), [Float(0.1) - 1, Float(0.1) - 2, Float(0.1) - 3])
    }

    func testScalarSpecialValues() {
        let s: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 2, -2]
        for dtype in [DType.float32, .float64] {
            let x = Tensor(s, shape: [s.count], dtype: dtype)
            check(x + 1, x, "\(dtype)") { $0 + 1 }
            check(x / 0, x, "\(dtype)") { $0 / 0 }
            check(1 / x, x, "\(dtype)") { 1 / $0 }
            check(x * .infinity, x, "\(dtype)") { $0 * .infinity }
            check(x.applying(.maximum, scalar: 0), x, "\(dtype)") { $0.isNaN ? $0 : Swift.max($0, 0) }
            check(x.applying(.minimum, scalar: .nan), x, "\(dtype)") { _ in .nan }
            check(x.pow(2), x, "\(dtype)") { $0 * $0 }
            check(x.pow(3), x, "\(dtype)") { Foundation.pow($0, 3) }
            check(x.pow(0), x, "\(dtype)") { _ in 1 }
        }
        // x - s and s - x are exact negatives of each other, signs of zero included.
        let z = Tensor([0.0, -0.0])
        XCTAssertEqual((0.0 - z).toDoubles().map(\.sign), [.plus, .plus])
    }

    func testClamped() {
        var random = TestRandom(seed: 8)
        for dtype in [DType.float32, .float64] {
            var values = random.tensor([4, 5], dtype: .float64, low: -3, high: 3).toDoubles()
            values[0] = .nan
            values[1] = .infinity
            values[2] = -.infinity
            let base = Tensor(values, shape: [4, 5], dtype: dtype)
            for variant in layoutVariants(of: base) {
                let x = variant.tensor
                let label = "\(dtype) \(variant.name)"
                check(x.clamped(min: -1, max: 1), x, label) { $0.isNaN ? $0 : Swift.min(Swift.max($0, -1), 1) }
                check(x.clamped(min: 0.5), x, label) { $0.isNaN ? $0 : Swift.max($0, 0.5) }
                check(x.clamped(max: -0.5), x, label) { $0.isNaN ? $0 : Swift.min($0, -0.5) }
                check(x.clamped(), x, label) { $0 }
                // Crossed bounds: the upper bound wins (as in PyTorch).
                check(x.clamped(min: 2, max: 1), x, label) { $0.isNaN ? $0 : 1 }
            }
        }
        let x = Tensor([1.0, 2])
        XCTAssertFalse(x.clamped().storage === x.storage, "clamped() with no bounds is still a fresh tensor")
    }
}
