import Foundation
import Tensor
import XCTest

/// `Tensor.arcTangent2` against C's `atan2`: every quadrant, the axes, signed zeros and infinities, broadcasting and
/// non-contiguous operands.
final class ArcTangentTests: XCTestCase {
    private let ys: [Double] = [1, 1, -1, -1, 0, -0.0, 0, -0.0, 2, -3, .infinity, -.infinity, 1, .nan]
    private let xs: [Double] = [1, -1, 1, -1, 1, 1, -1, -1, 0, 0, 1, -.infinity, .infinity, 1]

    func testMatchesCAtan2IncludingSignedZerosAndInfinities() {
        for dtype in [DType.float64, .float32] {
            let y = Tensor(ys, shape: [ys.count], dtype: dtype)
            let x = Tensor(xs, shape: [xs.count], dtype: dtype)
            let angles = y.arcTangent2(x).toDoubles()
            for i in ys.indices {
                let expected = dtype == .float64 ? atan2(ys[i], xs[i]) : Double(atan2(Float(ys[i]), Float(xs[i])))
                XCTAssert(
                    angles[i] == expected || (angles[i].isNaN && expected.isNaN)
                        || Swift.abs(angles[i] - expected) <= 1e-6 * Swift.abs(expected),
                    "\(dtype) atan2(\(ys[i]), \(xs[i])): \(angles[i]) vs \(expected)")
                XCTAssertEqual(angles[i].sign, expected.sign, "\(dtype) sign of atan2(\(ys[i]), \(xs[i]))")
            }
        }
    }

    func testBroadcastsAndReadsStridedViews() {
        let y = Tensor([1, -2, 3], shape: [3, 1], dtype: .float64)
        let x = Tensor([4, -5, 6, 7, -8, 9], shape: [2, 3], dtype: .float64).transposed().narrowed(
            axis: 1, start: 0, length: 1
        )
        .reshaped([1, 3])
        let angles = y.arcTangent2(x)
        XCTAssertEqual(angles.shape, [3, 3])
        let xv = x.toDoubles()
        let yv = y.toDoubles()
        let values = angles.toDoubles()
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(values[i * 3 + j], atan2(yv[i], xv[j]), accuracy: 1e-15) } }
    }
}
