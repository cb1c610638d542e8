import Tensor
import TestSupport
import XCTest

/// Views share storage and edit only the layout; each is checked against a reference built from multi-indices.
final class ViewTests: XCTestCase {
    /// x[i, j, k] = 100i + 10j + k, shape [2, 3, 4], float64.
    let x = reference([2, 3, 4]) { Double(100 * $0[0] + 10 * $0[1] + $0[2]) }

    func assertView(
        _ view: Tensor, of base: Tensor, _ expected: Tensor, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertTrue(view.storage === base.storage, "expected a view sharing storage", file: file, line: line)
        assertClose(view, expected, relativeTolerance: 0, absoluteTolerance: 0, file: file, line: line)
    }

    // MARK: reshape

    func testReshapeOfContiguousIsAView() {
        let r = x.reshaped([6, 4])
        assertView(r, of: x, reference([6, 4]) { Double(100 * ($0[0] / 3) + 10 * ($0[0] % 3) + $0[1]) })
        XCTAssertEqual(r.strides, [4, 1])
        assertView(x.reshaped([24]), of: x, reference([24]) { i in x.element(at: multiIndex(i[0], shape: [2, 3, 4])) })
        assertView(x.flattened(), of: x, x.reshaped([24]))
        assertView(x.reshaped([2, 3, 4]), of: x, x)
        assertView(
            x.reshaped([4, 1, 6]), of: x,
            reference([4, 1, 6]) { i in
                x.element(at: multiIndex(i[0] * 6 + i[2], shape: [2, 3, 4]))
            })
    }

    func testReshapeInfersMinusOne() {
        XCTAssertEqual(x.reshaped([-1]).shape, [24])
        XCTAssertEqual(x.reshaped([4, -1]).shape, [4, 6])
        XCTAssertEqual(x.reshaped([-1, 3, 2]).shape, [4, 3, 2])
        XCTAssertEqual(x.reshaped([2, -1, 1]).shape, [2, 12, 1])
        XCTAssertEqual(Tensor.zeros([0, 3]).reshaped([-1, 3]).shape, [0, 3])
        XCTAssertEqual(Tensor(scalar: 1.0).reshaped([-1]).shape, [1])
        XCTAssertEqual(Tensor([5.0]).reshaped([]).shape, [])
        XCTAssertEqual(Tensor([5.0]).reshaped([]).item(), 5)
    }

    func testReshapeOfTransposedCopies() {
        let t = x.transposed(0, 2)  // [4, 3, 2]
        let r = t.reshaped([12, 2])
        XCTAssertFalse(r.storage === x.storage, "no strides can view a transposed tensor as [12, 2]")
        assertClose(r, reference([12, 2]) { i in t.element(at: multiIndex(i[0] * 2 + i[1], shape: [4, 3, 2])) })
        XCTAssertTrue(r.isContiguous)
    }

    func testReshapeOfNonContiguousIsAViewWhenStridesAllow() {
        // Splitting or merging axes that stay contiguous among themselves needs no copy.
        let p = x.permuted([1, 0, 2])  // [3, 2, 4], strides [4, 12, 1]
        let split = p.reshaped([3, 2, 2, 2])
        assertView(split, of: x, reference([3, 2, 2, 2]) { i in p.element(at: [i[0], i[1], i[2] * 2 + i[3]]) })
        XCTAssertEqual(split.strides, [4, 12, 2, 1])

        // [2, 6], strides [12, 1]
        let stepped = reference([4, 6]) { Double($0[0] * 6 + $0[1]) }.sliced(axis: 0, step: 2)
        let merged = stepped.reshaped([2, 3, 2])
        assertView(merged, of: stepped, reference([2, 3, 2]) { i in Double(i[0] * 12 + i[1] * 2 + i[2]) })

        let mergedAcrossGap = stepped.reshaped([12])
        XCTAssertFalse(mergedAcrossGap.storage === stepped.storage)
        assertClose(mergedAcrossGap, reference([12]) { i in Double((i[0] / 6) * 12 + i[0] % 6) })

        let expanded = Tensor([1.0, 2, 3]).expanded(to: [2, 3])
        let e = expanded.reshaped([2, 3, 1])
        assertView(e, of: expanded, reference([2, 3, 1]) { Double($0[1] + 1) })
        assertClose(expanded.reshaped([6]), [1, 2, 3, 1, 2, 3], shape: [6])
        let flipped = x.flipped(axes: [2])
        assertClose(
            flipped.reshaped([6, 4]), reference([6, 4]) { i in flipped.element(at: [i[0] / 3, i[0] % 3, i[1]]) })
        assertView(
            flipped.reshaped([6, 4]), of: x,
            reference([6, 4]) { i in flipped.element(at: [i[0] / 3, i[0] % 3, i[1]]) })
    }

    func testReshapeOfAViewWithOffsetKeepsTheOffset() {
        let n = x.narrowed(axis: 0, start: 1, length: 1)  // [1, 3, 4], offset 12
        assertView(n.reshaped([12]), of: x, reference([12]) { Double(100 + 10 * ($0[0] / 4) + $0[0] % 4) })
        let row = x.selected(axis: 1, index: 2)  // [2, 4] strides [12, 1]
        assertClose(row.reshaped([8]), [20, 21, 22, 23, 120, 121, 122, 123], shape: [8])
    }

    // MARK: transpose, permute

    func testTransposedAndPermuted() {
        assertView(x.transposed(), of: x, reference([2, 4, 3]) { x.element(at: [$0[0], $0[2], $0[1]]) })
        assertView(x.transposed(0, 2), of: x, reference([4, 3, 2]) { x.element(at: [$0[2], $0[1], $0[0]]) })
        assertView(x.transposed(-3, 1), of: x, reference([3, 2, 4]) { x.element(at: [$0[1], $0[0], $0[2]]) })
        let p = x.permuted([2, 0, 1])
        assertView(p, of: x, reference([4, 2, 3]) { x.element(at: [$0[1], $0[2], $0[0]]) })
        XCTAssertEqual(p.strides, [1, 12, 4])
        XCTAssertFalse(p.isContiguous)
        assertView(x.permuted([-1, -3, -2]), of: x, p)
        assertView(p.permuted([1, 2, 0]), of: x, x)
        XCTAssertTrue(p.permuted([1, 2, 0]).isContiguous)
        let v = Tensor([1.0, 2, 3])
        XCTAssertEqual(v.transposed().shape, [3])
    }

    // MARK: slice, narrow, select

    func testSlicedWithStepsAndNegativeBounds() {
        assertView(
            x.sliced(axis: 2, start: 1, end: 3), of: x,
            reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], $0[2] + 1]) })
        assertView(
            x.sliced(axis: 2, step: 2), of: x, reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], 2 * $0[2]]) })
        assertView(
            x.sliced(axis: 2, start: 1, step: 2), of: x,
            reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], 2 * $0[2] + 1]) })
        assertView(
            x.sliced(axis: 2, start: 0, step: 3), of: x,
            reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], 3 * $0[2]]) })
        assertView(
            x.sliced(axis: 1, start: -2), of: x, reference([2, 2, 4]) { x.element(at: [$0[0], $0[1] + 1, $0[2]]) })
        assertView(
            x.sliced(axis: -1, start: -3, end: -1), of: x,
            reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], $0[2] + 1]) })
        assertView(
            x.sliced(axis: 1, end: -1, step: 2), of: x, reference([2, 1, 4]) { x.element(at: [$0[0], 0, $0[2]]) })
        // Out-of-range bounds clamp; an empty range gives size 0.
        XCTAssertEqual(x.sliced(axis: 2, start: -100, end: 100).shape, [2, 3, 4])
        XCTAssertEqual(x.sliced(axis: 2, start: 3, end: 1).shape, [2, 3, 0])
        XCTAssertEqual(x.sliced(axis: 2, start: 10).shape, [2, 3, 0])
        XCTAssertEqual(x.sliced(axis: 2, start: 3, step: 5).shape, [2, 3, 1])
        // Slicing a slice composes.
        let twice = x.sliced(axis: 2, start: 1, step: 2).sliced(axis: 2, start: 1)
        assertView(twice, of: x, reference([2, 3, 1]) { x.element(at: [$0[0], $0[1], 3]) })
    }

    func testNarrowedAndSelected() {
        assertView(
            x.narrowed(axis: 1, start: 1, length: 2), of: x,
            reference([2, 2, 4]) { x.element(at: [$0[0], $0[1] + 1, $0[2]]) })
        XCTAssertEqual(x.narrowed(axis: 1, start: 3, length: 0).shape, [2, 0, 4])
        assertView(x.selected(axis: 0, index: 1), of: x, reference([3, 4]) { x.element(at: [1, $0[0], $0[1]]) })
        assertView(x.selected(axis: 1, index: -1), of: x, reference([2, 4]) { x.element(at: [$0[0], 2, $0[1]]) })
        assertView(x.selected(axis: -1, index: 3), of: x, reference([2, 3]) { x.element(at: [$0[0], $0[1], 3]) })
        let s = x.selected(axis: 0, index: 1).selected(axis: 0, index: 2).selected(axis: 0, index: 3)
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(s.item(), 123)
    }

    // MARK: expand, unsqueeze, squeeze

    func testExpanded() {
        let col = reference([3, 1]) { Double($0[0]) }
        let e = col.expanded(to: [2, 3, 4])
        assertView(e, of: col, reference([2, 3, 4]) { Double($0[1]) })
        XCTAssertEqual(e.strides, [0, 1, 0])
        let s = Tensor(scalar: 7.0).expanded(to: [2, 2])
        assertClose(s, [7, 7, 7, 7], shape: [2, 2])
        XCTAssertEqual(s.strides, [0, 0])
        XCTAssertEqual(col.expanded(to: [3, 1]).strides, col.strides)
        XCTAssertEqual(col.expanded(to: [3, 0]).shape, [3, 0])
        // Expanding an already-expanded view.
        let again = Tensor([1.0, 2]).expanded(to: [3, 2]).expanded(to: [4, 3, 2])
        assertClose(again, reference([4, 3, 2]) { Double($0[2] + 1) })
    }

    func testUnsqueezedAndSqueezed() {
        assertView(x.unsqueezed(axis: 0), of: x, reference([1, 2, 3, 4]) { x.element(at: Array($0.dropFirst())) })
        assertView(x.unsqueezed(axis: 3), of: x, reference([2, 3, 4, 1]) { x.element(at: Array($0.dropLast())) })
        assertView(x.unsqueezed(axis: -1), of: x, reference([2, 3, 4, 1]) { x.element(at: Array($0.dropLast())) })
        assertView(x.unsqueezed(axis: 1), of: x, reference([2, 1, 3, 4]) { x.element(at: [$0[0], $0[2], $0[3]]) })
        XCTAssertTrue(x.unsqueezed(axis: 1).isContiguous)
        XCTAssertTrue(x.transposed().unsqueezed(axis: 1).reshaped([2, 4, 3]).storage === x.storage)
        XCTAssertEqual(Tensor(scalar: 1.0).unsqueezed(axis: 0).shape, [1])

        let y = x.reshaped([1, 2, 1, 12, 1])
        assertView(y.squeezed(), of: x, x.reshaped([2, 12]))
        assertView(y.squeezed(axis: 2), of: x, x.reshaped([1, 2, 12, 1]))
        assertView(y.squeezed(axis: -1), of: x, x.reshaped([1, 2, 1, 12]))
        XCTAssertEqual(Tensor.ones([1, 1]).squeezed().shape, [])
        XCTAssertEqual(x.squeezed().shape, [2, 3, 4])
    }

    // MARK: flip, diagonal

    func testFlipped() {
        assertView(x.flipped(axes: [0]), of: x, reference([2, 3, 4]) { x.element(at: [1 - $0[0], $0[1], $0[2]]) })
        assertView(x.flipped(axes: [-1]), of: x, reference([2, 3, 4]) { x.element(at: [$0[0], $0[1], 3 - $0[2]]) })
        assertView(
            x.flipped(axes: [0, 2]), of: x, reference([2, 3, 4]) { x.element(at: [1 - $0[0], $0[1], 3 - $0[2]]) })
        assertView(x.flipped(axes: [1]).flipped(axes: [1]), of: x, x)
        XCTAssertEqual(x.flipped(axes: [1]).flipped(axes: [1]).strides, x.strides)
        XCTAssertEqual(Tensor.zeros([0, 3]).flipped(axes: [0]).shape, [0, 3])
        // Flip of a slice.
        let s = x.sliced(axis: 2, start: 1, step: 2).flipped(axes: [2])
        assertView(s, of: x, reference([2, 3, 2]) { x.element(at: [$0[0], $0[1], 3 - 2 * $0[2]]) })
    }

    func testDiagonalWithOffsets() {
        let m = reference([3, 4]) { Double(10 * $0[0] + $0[1]) }
        assertView(m.diagonal(), of: m, Tensor([0.0, 11, 22]))
        assertView(m.diagonal(offset: 1), of: m, Tensor([1.0, 12, 23]))
        assertView(m.diagonal(offset: 2), of: m, Tensor([2.0, 13]))
        assertView(m.diagonal(offset: 3), of: m, Tensor([3.0]))
        XCTAssertEqual(m.diagonal(offset: 4).shape, [0])
        XCTAssertEqual(m.diagonal(offset: 9).shape, [0])
        assertView(m.diagonal(offset: -1), of: m, Tensor([10.0, 21]))
        assertView(m.diagonal(offset: -2), of: m, Tensor([20.0]))
        XCTAssertEqual(m.diagonal(offset: -3).shape, [0])
        XCTAssertEqual(m.diagonal(offset: -7).shape, [0])
        // Batched, over chosen axes, and of non-contiguous input.
        assertView(x.diagonal(), of: x, reference([2, 3]) { x.element(at: [$0[0], $0[1], $0[1]]) })
        assertView(
            x.diagonal(offset: 1, axis0: 0, axis1: 2), of: x,
            reference([3, 2]) { x.element(at: [$0[1], $0[0], $0[1] + 1]) })
        assertView(x.diagonal(axis0: 2, axis1: 0), of: x, reference([3, 2]) { x.element(at: [$0[1], $0[0], $0[1]]) })
        let t = m.transposed()  // [4, 3]
        assertView(t.diagonal(offset: -1), of: m, Tensor([1.0, 12, 23]))
        assertView(m.flipped(axes: [1]).diagonal(), of: m, Tensor([3.0, 12, 21]))
    }

    // MARK: contiguous, copies

    func testContiguousAndCopied() {
        XCTAssertTrue(x.contiguous().storage === x.storage)
        let t = x.permuted([2, 0, 1])
        let c = t.contiguous()
        XCTAssertFalse(c.storage === x.storage)
        XCTAssertTrue(c.isContiguous)
        XCTAssertEqual(c.strides, [6, 3, 1])
        XCTAssertEqual(c.offset, 0)
        assertClose(c, t, relativeTolerance: 0, absoluteTolerance: 0)
        let copy = x.copied()
        XCTAssertFalse(copy.storage === x.storage)
        assertClose(copy, x, relativeTolerance: 0, absoluteTolerance: 0)
        for dtype in [DType.float32, .int64, .bool] {
            let y = x.cast(to: dtype).flipped(axes: [1]).sliced(axis: 2, step: 3)
            let dense = y.contiguous()
            XCTAssertEqual(dense.dtype, dtype)
            XCTAssertEqual(dense.toDoubles(), y.toDoubles())
            XCTAssertEqual(dense.toDoubles(), allIndices(y.shape).map { y.element(at: $0) })
        }
        // Size-1 axes do not break contiguity.
        XCTAssertTrue(x.sliced(axis: 0, start: 1).isContiguous)
        XCTAssertTrue(x.selected(axis: 0, index: 1).isContiguous)
        XCTAssertFalse(x.selected(axis: 1, index: 1).isContiguous)
    }

    func testScalarsOfViewsAreInLogicalOrder() {
        let t = Tensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3]).transposed()
        XCTAssertEqual(t.scalars(as: Float.self), [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(t.element(at: [2, 1]), 6)
        XCTAssertEqual(t.selected(axis: 0, index: 2).selected(axis: 0, index: 0).item(), 3)
    }
}
