import Foundation
import TestSupport
import XCTest

@testable import Tensor

/// The fused softmax and its pullback against their formulas, on every layout and axis, with −∞ and large entries.
final class SoftmaxTests: XCTestCase {
    func testSoftmaxMatchesTheFormulaOnEveryLayoutAndAxis() {
        var random = TestRandom(seed: 91)
        for dtype in [DType.float32, .float64] {
            let x = random.tensor([3, 4, 21], dtype: dtype, low: -3, high: 3)
            for variant in layoutVariants(of: x) {
                for axis in [0, 1, 2, -1] {
                    let expected = (x.cast(to: .float64) - x.cast(to: .float64).logSumExp(axes: [axis], keepDims: true))
                        .exp()
                    assertClose(
                        variant.tensor.softmax(axis: axis).cast(to: .float64), expected,
                        relativeTolerance: dtype == .float32 ? 1e-5 : 1e-14, absoluteTolerance: 1e-7,
                        "\(dtype) \(variant.name) axis \(axis)")
                }
            }
        }
    }

    func testMaskedLargeAndEmptyRows() {
        let x = Tensor.f64([1000, 1001, -.infinity, 0, -.infinity, -.infinity, -.infinity, -.infinity], [2, 4])
        let y = x.softmax().toDoubles()
        let e = Foundation.exp(-1.0)
        XCTAssertEqual(y[0], e / (1 + e), accuracy: 1e-15)
        XCTAssertEqual(y[1], 1 / (1 + e), accuracy: 1e-15)
        XCTAssertEqual(y[2], 0)
        XCTAssertEqual(y[3], 0)
        XCTAssertTrue(y[4...].allSatisfy(\.isNaN), "a row of −∞ has no distribution (NaN, as PyTorch): \(y)")
    }

    func testPullbackMatchesTheFormula() {
        var random = TestRandom(seed: 92)
        let y = random.tensor([4, 3, 9]).softmax(axis: 1)
        let g = random.tensor([4, 3, 9])
        for variant in layoutVariants(of: g) {
            for axis in [1, -1] {
                let ySoft = random.tensor([4, 3, 9]).softmax(axis: axis)
                let expected = ySoft * (g - (g * ySoft).sum(axes: [axis], keepDims: true))
                assertClose(
                    Tensor.softmaxPullback(gradient: variant.tensor, output: ySoft, axis: axis), expected,
                    relativeTolerance: 1e-13, absoluteTolerance: 1e-14, "\(variant.name) axis \(axis)")
            }
        }
        XCTAssertEqual(
            y.sum(axes: [1]).toDoubles().map { ($0 * 1e12).rounded() / 1e12 }, [Double](repeating: 1, count: 36))
    }
}
