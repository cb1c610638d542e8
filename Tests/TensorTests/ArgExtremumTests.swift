import Tensor
import TestSupport
import XCTest

/// argmax / argmin: first index on ties, the first NaN wins, flattened index without an axis.
final class ArgExtremumTests: XCTestCase {
    static func argmax(_ v: [Double]) -> Double {
        if let nan = v.firstIndex(where: \.isNaN) { return Double(nan) }
        return Double(v.firstIndex(of: v.max()!)!)
    }

    static func argmin(_ v: [Double]) -> Double {
        if let nan = v.firstIndex(where: \.isNaN) { return Double(nan) }
        return Double(v.firstIndex(of: v.min()!)!)
    }

    func testAlongEveryAxisOnEveryLayoutWithTies() {
        var random = TestRandom(seed: 51)
        for dtype in [DType.float32, .float64] {
            // Few distinct values: ties everywhere.
            let values = Tensor((0..<60).map { _ in Double(random.integer(0...3)) }, shape: [3, 4, 5], dtype: dtype)
            let constant = valuesConstant(along: 1, shape: [3, 4, 2], dtype: dtype, random: &random)
            for data in [values, constant] {
                for variant in layoutVariants(of: data) {
                    for axis in [0, 1, 2, -1, -3] {
                        for keepDims in [false, true] {
                            let label = "\(dtype) \(variant.name) axis \(axis) keepDims \(keepDims)"
                            let max = variant.tensor.argmax(axis: axis, keepDims: keepDims)
                            let min = variant.tensor.argmin(axis: axis, keepDims: keepDims)
                            XCTAssertEqual(max.dtype, .int64, label)
                            assertClose(
                                max,
                                referenceReduction(data, axes: [axis], keepDims: keepDims, dtype: .int64, Self.argmax),
                                relativeTolerance: 0, absoluteTolerance: 0, "argmax \(label)")
                            assertClose(
                                min,
                                referenceReduction(data, axes: [axis], keepDims: keepDims, dtype: .int64, Self.argmin),
                                relativeTolerance: 0, absoluteTolerance: 0, "argmin \(label)")
                        }
                    }
                    // Without an axis: the index into the flattened (logical, row-major) tensor.
                    let flat = data.toDoubles()
                    assertElements(variant.tensor.argmax(), [Self.argmax(flat)], shape: [], dtype: .int64, variant.name)
                    assertElements(variant.tensor.argmin(), [Self.argmin(flat)], shape: [], dtype: .int64, variant.name)
                    assertElements(
                        variant.tensor.argmax(keepDims: true), [Self.argmax(flat)], shape: [1, 1, 1], dtype: .int64,
                        variant.name)
                }
            }
        }
    }

    func testTiesPickTheFirstIndex() {
        let x = Tensor([1.0, 3, 3, 2, 2, 1, 5, 5, 5], shape: [3, 3])
        assertElements(x.argmax(axis: 1), [1, 0, 0], shape: [3], dtype: .int64)
        assertElements(x.argmin(axis: 1), [0, 2, 0], shape: [3], dtype: .int64)
        assertElements(x.argmax(axis: 0), [2, 2, 2], shape: [3], dtype: .int64)
        assertElements(x.argmax(), [6], shape: [], dtype: .int64)
        assertElements(x.argmin(), [0], shape: [], dtype: .int64)
        assertElements(x.flipped(axes: [1]).argmax(axis: 1), [0, 1, 0], shape: [3], dtype: .int64)
    }

    func testNaNWinsAndInfinities() {
        for dtype in [DType.float32, .float64] {
            let x = Tensor(
                [1, .nan, 3, .nan, .nan, 0, -.infinity, .infinity, .infinity, -.infinity, -.infinity, 2],
                shape: [3, 4], dtype: dtype)
            assertElements(x.argmax(axis: 1), [1, 0, 0], shape: [3], dtype: .int64)
            assertElements(x.argmin(axis: 1), [1, 0, 1], shape: [3], dtype: .int64)
            assertElements(x.argmax(axis: 0), [1, 0, 0, 0], shape: [4], dtype: .int64)
            assertElements(x.argmin(axis: 0), [1, 0, 1, 0], shape: [4], dtype: .int64)
            assertElements(x.argmax(), [1], shape: [], dtype: .int64)
            assertElements(x.argmin(), [1], shape: [], dtype: .int64)
            let allMinusInfinity = Tensor([-.infinity, -.infinity], shape: [2], dtype: dtype)
            assertElements(allMinusInfinity.argmax(), [0], shape: [], dtype: .int64)
        }
    }

    func testLargeInputs() {
        var random = TestRandom(seed: 52)
        let x = random.tensor([331, 317], low: 0, high: 1)
        assertClose(
            x.argmax(axis: 0), referenceReduction(x, axes: [0], dtype: .int64, Self.argmax), relativeTolerance: 0,
            absoluteTolerance: 0)
        assertClose(
            x.transposed().argmin(axis: 1), referenceReduction(x, axes: [0], dtype: .int64, Self.argmin),
            relativeTolerance: 0, absoluteTolerance: 0)
        assertElements(x.argmax(), [Self.argmax(x.toDoubles())], shape: [], dtype: .int64)
    }

    func testScalarInput() {
        assertElements(Tensor(scalar: 3.0).argmax(), [0], shape: [], dtype: .int64)
    }
}
