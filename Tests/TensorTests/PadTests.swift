import XCTest

@testable import Tensor

final class PadTests: XCTestCase {
    func referencePadding(_ values: [Double], _ shape: [Int], _ widths: [(before: Int, after: Int)], value: Double)
        -> ([Double], [Int])
    {
        let lead = shape.count - widths.count
        var padded = shape
        for (k, width) in widths.enumerated() { padded[lead + k] += width.before + width.after }
        let result = (0..<RowMajor.count(padded)).map { flat -> Double in
            var index = RowMajor.multiIndex(flat, padded)
            for (k, width) in widths.enumerated() { index[lead + k] -= width.before }
            let inside = index.indices.allSatisfy { index[$0] >= 0 && index[$0] < shape[$0] }
            return inside ? values[RowMajor.flatIndex(index, shape)] : value
        }
        return (result, padded)
    }

    func testPaddedMatchesReferenceForEveryLayout() {
        let cases: [[(before: Int, after: Int)]] = [
            [(1, 2), (0, 3), (2, 0)], [(0, 0), (1, 1)], [(3, 1)], [],
        ]
        for dtype in floatingTypes + [.int64] {
            for sample in layoutSamples([2, 3, 4], dtype: dtype) {
                for widths in cases {
                    let result = sample.tensor.padded(widths, value: -7)
                    let (values, shape) = referencePadding(sample.values, [2, 3, 4], widths, value: -7)
                    assertTensor(
                        result, shape: shape, dtype: dtype, values: values, "\(dtype) \(sample.layout) \(widths)")
                }
            }
        }
    }

    func testPaddedBoolAndZeroDefault() {
        let mask = Tensor([true, false], shape: [2])
        assertTensor(mask.padded([(1, 1)], value: 1), shape: [4], dtype: .bool, values: [1, 1, 0, 1])
        let x = Tensor([1, 2] as [Double]).padded([(2, 0)])
        assertTensor(x, shape: [4], dtype: .float64, values: [0, 0, 1, 2])
    }

    func testMessagesOfCommonMistakes() {
        let x = Tensor.zeros([2, 3], dtype: .int64)
        XCTAssertEqual(
            x.paddingProblem([(0, 0), (1, 1), (1, 1)], value: 0),
            "padded: 3 (before, after) pairs for a tensor of shape [2, 3]")
        XCTAssertEqual(x.paddingProblem([(0, -1)], value: 0), "padded: negative width (0, -1) for shape [2, 3]")
        XCTAssertEqual(
            x.paddingProblem([(1, 1)], value: 0.5), "padded: value 0.5 is not a whole number for an int64 tensor")
        XCTAssertNil(x.paddingProblem([(1, 1)], value: -3))
    }
}
