import XCTest

@testable import Tensor

final class KroneckerTests: XCTestCase {
    /// Naive Kronecker product over all axes (the shorter shape padded with leading 1s).
    func referenceKronecker(_ a: [Double], _ aShape: [Int], _ b: [Double], _ bShape: [Int]) -> ([Double], [Int]) {
        let rank = max(aShape.count, bShape.count)
        let aFull = Array(repeating: 1, count: rank - aShape.count) + aShape
        let bFull = Array(repeating: 1, count: rank - bShape.count) + bShape
        let shape = zip(aFull, bFull).map(*)
        let values = (0..<RowMajor.count(shape)).map { flat -> Double in
            let index = RowMajor.multiIndex(flat, shape)
            let i = index.enumerated().map { $0.element / bFull[$0.offset] }
            let k = index.enumerated().map { $0.element % bFull[$0.offset] }
            return a[RowMajor.flatIndex(i, aFull)] * b[RowMajor.flatIndex(k, bFull)]
        }
        return (values, shape)
    }

    func testMatricesMatchReferenceForEveryLayout() {
        for dtype in floatingTypes + [.int64] {
            for a in layoutSamples([2, 3], dtype: dtype, seed: 1) {
                for b in layoutSamples([4, 2], dtype: dtype, seed: 2) {
                    let (values, shape) = referenceKronecker(a.values, [2, 3], b.values, [4, 2])
                    assertTensor(
                        a.tensor.kronecker(b.tensor), shape: shape, dtype: dtype, values: values,
                        "\(dtype) \(a.layout) ⊗ \(b.layout)")
                }
            }
        }
    }

    func testMixedRanksMatchReference() {
        for (aShape, bShape) in [([3], [2]), ([2, 3], [4]), ([2], [2, 2, 3]), ([2, 1, 3], [1, 2, 2])] {
            for a in layoutSamples(aShape, dtype: .float64, seed: 3) {
                let b = layoutSamples(bShape, dtype: .float64, seed: 4)[0]
                let (values, shape) = referenceKronecker(a.values, aShape, b.values, bShape)
                assertTensor(
                    a.tensor.kronecker(b.tensor), shape: shape, dtype: .float64, values: values,
                    "\(aShape) ⊗ \(bShape) \(a.layout)")
            }
        }
    }

    func testBatchedMatchesPerMatrixProducts() {
        for dtype in floatingTypes {
            for a in layoutSamples([3, 2, 2], dtype: dtype, seed: 5) {
                for b in layoutSamples([3, 3, 2], dtype: dtype, seed: 6) {
                    let result = a.tensor.kronecker(b.tensor, batchAxes: 1)
                    var expected: [Double] = []
                    for s in 0..<3 {
                        let (block, _) = referenceKronecker(
                            Array(a.values[s * 4..<s * 4 + 4]), [2, 2], Array(b.values[s * 6..<s * 6 + 6]), [3, 2])
                        expected += block
                    }
                    assertTensor(
                        result, shape: [3, 6, 4], dtype: dtype, values: expected, "\(dtype) \(a.layout) ⊗ \(b.layout)")
                }
            }
        }
        // The batch axes broadcast: one left matrix against a batch of two.
        let a = Tensor([1, 2] as [Float], shape: [1, 1, 2])
        let b = Tensor([1, 10] as [Float], shape: [2, 1, 1])
        assertTensor(a.kronecker(b, batchAxes: 1), shape: [2, 1, 2], dtype: .float32, values: [1, 2, 10, 20])
    }

    func testBoolKroneckerIsLogicalAnd() {
        let a = Tensor([true, false], shape: [1, 2])
        let b = Tensor([true, true, false], shape: [3, 1])
        assertTensor(a.kronecker(b), shape: [3, 2], dtype: .bool, values: [1, 0, 1, 0, 0, 0])
    }
}
