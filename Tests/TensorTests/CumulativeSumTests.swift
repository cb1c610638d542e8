import Tensor
import TestSupport
import XCTest

final class CumulativeSumTests: XCTestCase {
    func referenceCumulativeSum(_ x: Tensor, axis: Int) -> Tensor {
        let a = axis < 0 ? axis + x.rank : axis
        let values = x.toDoubles()
        let strides = contiguousStrides(x.shape)
        return reference(x.shape, dtype: x.dtype) { index in
            let base = zip(index, strides).map(*).reduce(0, +) - index[a] * strides[a]
            return (0...index[a]).reduce(0.0) { $0 + values[base + $1 * strides[a]] }
        }
    }

    func testAlongEveryAxisOnEveryLayout() {
        var random = TestRandom(seed: 71)
        for dtype in [DType.float32, .float64] {
            let tolerance = dtype == .float32 ? 1e-5 : 1e-13
            for values in [
                random.tensor([3, 4, 5], dtype: dtype),
                valuesConstant(along: 1, shape: [2, 3, 4], dtype: dtype, random: &random),
                random.tensor([6], dtype: dtype),
            ] {
                for variant in layoutVariants(of: values) {
                    for axis in Array(0..<values.rank) + [-1] {
                        let result = variant.tensor.cumulativeSum(axis: axis)
                        XCTAssertTrue(result.isContiguous)
                        XCTAssertEqual(result.dtype, dtype)
                        assertClose(
                            result, referenceCumulativeSum(values, axis: axis), relativeTolerance: tolerance,
                            absoluteTolerance: tolerance, "\(dtype) \(values.shape) \(variant.name) axis \(axis)")
                    }
                }
            }
        }
    }

    func testDoesNotWriteIntoTheInput() {
        let x = Tensor([1.0, 2, 3, 4], shape: [2, 2])
        let y = x.cumulativeSum(axis: 1)
        assertElements(y, [1, 3, 3, 7], shape: [2, 2])
        assertElements(x, [1, 2, 3, 4], shape: [2, 2])
        let contiguousView = x.reshaped([4])
        _ = contiguousView.cumulativeSum(axis: 0)
        assertElements(x, [1, 2, 3, 4], shape: [2, 2])
    }

    func testEmptyAndSizeOneAxes() {
        XCTAssertEqual(Tensor.zeros([0, 3]).cumulativeSum(axis: 0).shape, [0, 3])
        XCTAssertEqual(Tensor.zeros([3, 0]).cumulativeSum(axis: 0).shape, [3, 0])
        assertElements(Tensor([1.0, 2]).reshaped([2, 1]).cumulativeSum(axis: 1), [1, 2], shape: [2, 1])
        assertElements(Tensor([1.0, .nan, 2]).cumulativeSum(axis: 0), [1, .nan, .nan], shape: [3])
    }

    func testLongFloat32RunningSumsDoNotDrift() {
        // A float32 running sum of 0.1 is 1% off after 2^20 terms.
        let n = 1 << 20
        let exact = Double(Float(0.1))
        let along0 = Tensor.full([n, 2], value: 0.1, dtype: .float32).cumulativeSum(axis: 0)
        assertClose(
            along0.selected(axis: 0, index: n - 1), [exact * Double(n), exact * Double(n)], shape: [2],
            relativeTolerance: 1e-6, absoluteTolerance: 0)
        let along1 = Tensor.full([2, n], value: 0.1, dtype: .float32).cumulativeSum(axis: 1)
        assertClose(
            along1.selected(axis: 1, index: n - 1), [exact * Double(n), exact * Double(n)], shape: [2],
            relativeTolerance: 1e-6, absoluteTolerance: 0)
        assertClose(
            along1.selected(axis: 1, index: 999), [exact * 1000, exact * 1000], shape: [2], relativeTolerance: 1e-6,
            absoluteTolerance: 0)
    }

    func testLargeInput() {
        var random = TestRandom(seed: 72)
        let x = random.tensor([331, 317], dtype: .float64)
        assertClose(
            x.transposed().cumulativeSum(axis: 0), referenceCumulativeSum(x.transposed(), axis: 0),
            relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
    }
}
