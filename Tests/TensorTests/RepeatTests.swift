import XCTest

@testable import Tensor

final class RepeatTests: XCTestCase {
    func testRepeatedMatchesReferenceForEveryLayout() {
        let shape = [2, 3, 4]
        let countsCases: [[Int]] = [[1, 1, 1], [2, 1, 3], [3, 2, 1, 2], [2], [0, 2, 1], [2, 2]]
        for dtype in floatingTypes + [.int64, .bool] {
            for sample in layoutSamples(shape, dtype: dtype) {
                for counts in countsCases {
                    let axes = max(shape.count, counts.count)
                    let fullCounts = Array(repeating: 1, count: axes - counts.count) + counts
                    let fullShape = Array(repeating: 1, count: axes - shape.count) + shape
                    let resultShape = zip(fullCounts, fullShape).map(*)
                    let expected = (0..<RowMajor.count(resultShape)).map { flat -> Double in
                        let index = RowMajor.multiIndex(flat, resultShape)
                        let source = index.enumerated().map { $0.element % fullShape[$0.offset] }
                        return sample.values[RowMajor.flatIndex(source, fullShape)]
                    }
                    assertTensor(
                        sample.tensor.repeated(counts), shape: resultShape, dtype: dtype, values: expected,
                        "\(dtype) \(sample.layout) \(counts)")
                }
            }
        }
    }

    func testRepeatedElementsMatchesReferenceForEveryLayout() {
        let shape = [3, 2, 4]
        for dtype in floatingTypes + [.int64] {
            for sample in layoutSamples(shape, dtype: dtype) {
                for axis in [0, 1, -1] {
                    let resolved = (axis + 3) % 3
                    for count in [0, 1, 3] {
                        var resultShape = shape
                        resultShape[resolved] *= count
                        let expected = (0..<RowMajor.count(resultShape)).map { flat -> Double in
                            var index = RowMajor.multiIndex(flat, resultShape)
                            index[resolved] /= count
                            return sample.values[RowMajor.flatIndex(index, shape)]
                        }
                        assertTensor(
                            sample.tensor.repeatedElements(count, axis: axis), shape: resultShape, dtype: dtype,
                            values: expected, "\(dtype) \(sample.layout) axis \(axis) count \(count)")
                    }
                }
                let flat = sample.tensor.repeatedElements(2)
                assertTensor(
                    flat, shape: [48], dtype: dtype, values: sample.values.flatMap { [$0, $0] }, "\(sample.layout) flat"
                )
            }
        }
    }

    func testRepeatedElementsWithPerElementCounts() {
        for sample in layoutSamples([3, 2], dtype: .float64) {
            let rows = sample.tensor.repeatedElements([2, 0, 1], axis: 0)
            let v = sample.values
            assertTensor(
                rows, shape: [3, 2], dtype: .float64, values: [v[0], v[1], v[0], v[1], v[4], v[5]], sample.layout)
            let flat = sample.tensor.repeatedElements([1, 0, 2, 0, 0, 1])
            assertTensor(flat, shape: [4], dtype: .float64, values: [v[0], v[2], v[2], v[5]], sample.layout)
        }
    }
}
