import XCTest

@testable import Tensor

final class ClosenessTests: XCTestCase {
    /// NumPy's isclose on two numbers.
    func referenceIsClose(_ a: Double, _ b: Double, rtol: Double, atol: Double, equalNaN: Bool) -> Bool {
        if a.isNaN || b.isNaN { return equalNaN && a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return Swift.abs(a - b) <= atol + rtol * Swift.abs(b)
    }

    func testIsCloseMatchesReferenceForEveryLayout() {
        for dtype in floatingTypes {
            for a in layoutSamples([3, 4], dtype: dtype, seed: 1) {
                for b in layoutSamples([3, 4], dtype: dtype, seed: 1) {
                    let nudged = b.tensor + 1e-3
                    let expected = zip(a.values, b.values).map {
                        referenceIsClose($0, $1 + 1e-3, rtol: 1e-4, atol: 1e-4, equalNaN: false) ? 1.0 : 0.0
                    }
                    let mask = a.tensor.isClose(nudged, relativeTolerance: 1e-4, absoluteTolerance: 1e-4)
                    assertTensor(
                        mask, shape: [3, 4], dtype: .bool, values: expected, "\(dtype) \(a.layout) vs \(b.layout)")
                }
            }
        }
    }

    func testAllCloseFollowsNumPy() {
        let a = Tensor([1, 2, 3] as [Double])
        XCTAssertTrue(a.allClose(Tensor([1, 2, 3 + 2e-5] as [Double])))
        XCTAssertFalse(a.allClose(Tensor([1, 2, 3 + 5e-5] as [Double])))
        XCTAssertTrue(a.allClose(Tensor([1, 2, 3.1] as [Double]), relativeTolerance: 0.05))
        XCTAssertTrue(a.allClose(Tensor([1.5, 2.5, 3.5] as [Double]), relativeTolerance: 0, absoluteTolerance: 0.5))
        // Asymmetric: the relative tolerance scales with the second tensor.
        let big = Tensor([100] as [Double])
        let small = Tensor([91] as [Double])
        XCTAssertTrue(small.allClose(big, relativeTolerance: 0.09, absoluteTolerance: 0))
        XCTAssertFalse(big.allClose(small, relativeTolerance: 0.09, absoluteTolerance: 0))
    }

    func testNaNAndInfinities() {
        let a = Tensor([Double.nan, .infinity, 1] as [Double])
        let b = Tensor([Double.nan, .infinity, 1] as [Double])
        XCTAssertFalse(a.allClose(b))
        XCTAssertTrue(a.allClose(b, equalNaN: true))
        XCTAssertEqual(a.isClose(b).toDoubles(), [0, 1, 1])
        let c = Tensor([Double.nan, -.infinity, 1] as [Double])
        XCTAssertEqual(a.isClose(c, equalNaN: true).toDoubles(), [1, 0, 1])
        XCTAssertFalse(Tensor([1e308] as [Double]).allClose(Tensor([Double.infinity]), relativeTolerance: 1))
    }

    func testBroadcastingMixedDtypesAndEmptyTensors() {
        let row = Tensor([1, 2, 3] as [Float], shape: [1, 3])
        let matrix = Tensor([1, 2, 3, 1, 2, 3.0000001] as [Double], shape: [2, 3])
        XCTAssertTrue(matrix.allClose(row))
        XCTAssertTrue(row.expanded(to: [4, 3]).allClose(Tensor([1, 2, 3] as [Int64])))
        XCTAssertFalse(row.allClose(Tensor([1, 2, 4] as [Int64])))
        XCTAssertTrue(Tensor.zeros([0, 3]).allClose(Tensor.ones([1, 3])))
        XCTAssertEqual(Tensor([true, false], shape: [2]).isClose(Tensor([1, 1] as [Int64])).toDoubles(), [1, 0])
    }

    func testMaxAbsoluteDifference() {
        for dtype in floatingTypes {
            for a in layoutSamples([4, 3], dtype: dtype, seed: 2) {
                for b in layoutSamples([4, 3], dtype: dtype, seed: 5) {
                    let expected = zip(a.values, b.values).map { Swift.abs($0 - $1) }.max()!
                    XCTAssertEqual(
                        a.tensor.maxAbsoluteDifference(b.tensor), expected, "\(dtype) \(a.layout) \(b.layout)")
                }
            }
        }
        let a = Tensor([1, 5] as [Float])
        XCTAssertEqual(a.maxAbsoluteDifference(Tensor([1.5] as [Double])), 3.5)
        XCTAssertTrue(a.maxAbsoluteDifference(Tensor([Float.nan, 5], shape: [2])).isNaN)
        XCTAssertEqual(Tensor.zeros([0]).maxAbsoluteDifference(Tensor.zeros([0])), 0)
    }
}
