import Tensor
import TestSupport
import XCTest

final class SubscriptTests: XCTestCase {
    /// x[i, j, k] = 100i + 10j + k, shape [3, 4, 5].
    let x = reference([3, 4, 5]) { Double(100 * $0[0] + 10 * $0[1] + $0[2]) }

    func check(
        _ view: Tensor, _ shape: [Int], _ value: ([Int]) -> Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertTrue(view.storage === x.storage, "subscripts are views", file: file, line: line)
        assertClose(view, reference(shape, value), relativeTolerance: 0, absoluteTolerance: 0, file: file, line: line)
    }

    func testIntegers() {
        check(x[1], [4, 5]) { 100 + 10 * Double($0[0]) + Double($0[1]) }
        check(x[1, 2], [5]) { 120 + Double($0[0]) }
        check(x[-1, -2, -3], []) { _ in 222 }
        XCTAssertEqual(x[2, 3, 4].item(), 234)
    }

    func testRanges() {
        check(x[0..<2], [2, 4, 5]) { Double(100 * $0[0] + 10 * $0[1] + $0[2]) }
        check(x[1...2, 1], [2, 5]) { Double(100 * ($0[0] + 1) + 10 + $0[1]) }
        check(x[1..., ..<2, ...1], [2, 2, 2]) { Double(100 * ($0[0] + 1) + 10 * $0[1] + $0[2]) }
        check(x[(-2)...], [2, 4, 5]) { Double(100 * ($0[0] + 1) + 10 * $0[1] + $0[2]) }
        check(x[..<(-1)], [2, 4, 5]) { Double(100 * $0[0] + 10 * $0[1] + $0[2]) }
        check(x[0, (-3)..<(-1)], [2, 5]) { Double(10 * ($0[0] + 1) + $0[1]) }
        XCTAssertEqual(x[2..<2].shape, [0, 4, 5])
    }

    func testClosedRangesWithNegativeUpperBounds() {
        // -1 is the last element: `...(-1)` and `(-3)...(-1)` run through it.
        check(x[0, 0, ...(-1)], [5]) { Double($0[0]) }
        check(x[0, 0, (-3)...(-1)], [3]) { Double($0[0] + 2) }
        check(x[0, 0, ...(-2)], [4]) { Double($0[0]) }
    }

    func testTensorIndexCases() {
        check(x[TensorIndex.all, 1], [3, 5]) { Double(100 * $0[0] + 10 + $0[1]) }
        check(x[TensorIndex.stride(nil, nil, 2)], [2, 4, 5]) { Double(200 * $0[0] + 10 * $0[1] + $0[2]) }
        check(x[TensorIndex.all, TensorIndex.all, TensorIndex.stride(1, nil, 2)], [3, 4, 2]) {
            Double(100 * $0[0] + 10 * $0[1] + 2 * $0[2] + 1)
        }
        check(x[TensorIndex.stride(-1, nil, 1), TensorIndex.stride(nil, -1, 2)], [1, 2, 5]) {
            Double(200 + 20 * $0[1] + $0[2])
        }
        check(x[TensorIndex.newAxis], [1, 3, 4, 5]) { Double(100 * $0[1] + 10 * $0[2] + $0[3]) }
        check(x[1, TensorIndex.newAxis, 2], [1, 5]) { Double(120 + $0[1]) }
        check(x[TensorIndex.all, TensorIndex.newAxis, 0..<2], [3, 1, 2, 5]) { Double(100 * $0[0] + 10 * $0[2] + $0[3]) }
        check(x[[TensorIndex.at(2), .all, .at(-1)]], [4]) { Double(200 + 10 * $0[0] + 4) }
    }

    func testSubscriptOfAView() {
        let t = x.transposed(0, 2)  // [5, 4, 3]
        XCTAssertTrue(t[1, 2].storage === x.storage)
        assertClose(t[1, 2], [21, 121, 221], shape: [3])
        assertClose(t[4, 1..., 0], [14, 24, 34], shape: [3])
        let f = x.flipped(axes: [2])
        assertClose(f[0, 0, 0..<2], [4, 3], shape: [2])
    }
}
