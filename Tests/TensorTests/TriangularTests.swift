import XCTest

@testable import Tensor

final class TriangularTests: XCTestCase {
    func testTriangularMaskMatchesReference() {
        for (rows, columns) in [(4, 4), (3, 5), (5, 2), (0, 3)] {
            for offset in [-2, -1, 0, 1, 3] {
                for upper in [false, true] {
                    let mask = Tensor.triangularMask(rows: rows, columns: columns, offset: offset, upper: upper)
                    let expected = (0..<rows * columns).map { flat -> Double in
                        let i = flat / columns
                        let j = flat % columns
                        return (upper ? j - i >= offset : j - i <= offset) ? 1 : 0
                    }
                    assertTensor(
                        mask, shape: [rows, columns], dtype: .bool, values: expected,
                        "\(rows)×\(columns) \(offset) \(upper)")
                }
            }
        }
        XCTAssertEqual(Tensor.triangularMask(rows: 2).toDoubles(), [1, 0, 1, 1])
    }

    func testTrianglesMatchReferenceForBatchesAndEveryLayout() {
        let shape = [2, 3, 4, 5]
        for dtype in floatingTypes + [.int64, .bool] {
            for sample in layoutSamples(shape, dtype: dtype) {
                for offset in [-3, -1, 0, 2, 6] {
                    let lower = (0..<sample.values.count).map { flat -> Double in
                        let index = RowMajor.multiIndex(flat, shape)
                        return index[3] - index[2] <= offset ? sample.values[flat] : 0
                    }
                    let upper = (0..<sample.values.count).map { flat -> Double in
                        let index = RowMajor.multiIndex(flat, shape)
                        return index[3] - index[2] >= offset ? sample.values[flat] : 0
                    }
                    let label = "\(dtype) \(sample.layout) offset \(offset)"
                    assertTensor(
                        sample.tensor.lowerTriangle(offset: offset), shape: shape, dtype: dtype, values: lower, label)
                    assertTensor(
                        sample.tensor.upperTriangle(offset: offset), shape: shape, dtype: dtype, values: upper, label)
                }
            }
        }
    }
}
