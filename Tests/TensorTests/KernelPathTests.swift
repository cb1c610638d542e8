import TestSupport
import XCTest

@testable import Tensor

/// The kernels' less travelled paths, each against a naive reference: loops whose coalesced rank exceeds
/// `StridedLoop.inlineRank` (the spilled layout), tiled transposing copies, the reduction layouts (interleaved axes,
/// few long outputs split across cores, column sums split by rows or in column blocks) and the accuracy of long
/// float32 sums on each of them.
final class KernelPathTests: XCTestCase {
    /// Rank-5 and rank-6 layouts whose dimensions do not merge: every kernel walks more than `inlineRank` dims.
    func testHighRankLayoutsMatchTheReference() {
        for shape in [[2, 3, 2, 3, 2], [2, 2, 3, 2, 2, 3]] {
            XCTAssertGreaterThan(shape.count, StridedLoop.inlineRank)
            let samples = layoutSamples(shape, dtype: .float64)
            let other = layoutSamples(shape, dtype: .float64, seed: 3)
            for (x, y) in zip(samples, other.reversed()) {
                let name = "\(shape) \(x.layout) with \(y.layout)"
                assertElements(x.tensor.copied(), x.values, shape: shape, dtype: .float64, name)
                assertClose(x.tensor.exp(), referenceMap(x.tensor) { Foundation.exp($0) }, name)
                assertClose(x.tensor * 0.5 + 1, referenceMap(x.tensor) { $0 * 0.5 + 1 }, name)
                let sum = reference(shape) { x.tensor.element(at: $0) + y.tensor.element(at: $0) }
                assertClose(x.tensor + y.tensor, sum, name)
                let mask = y.tensor.compared(.greater, scalar: 0)
                let selected = reference(shape) { y.tensor.element(at: $0) > 0 ? x.tensor.element(at: $0) : -1 }
                assertClose(Tensor.where(mask, x.tensor, Tensor(scalar: -1.0)), selected, name)
                let row = Tensor(Array([1.0, 2.0, 4.0].prefix(shape.last!)), shape: [shape.last!])
                let broadcast = reference(shape) { x.tensor.element(at: $0) * row.element(at: [$0.last!]) }
                assertClose(x.tensor * row, broadcast, name)
                for axes in allAxisSubsets(rank: shape.count) {
                    let expected = referenceReduction(x.tensor, axes: axes) { $0.reduce(0, +) }
                    assertClose(x.tensor.sum(axes: axes), expected, "\(name) sum \(axes)")
                    let largest = referenceReduction(x.tensor, axes: axes) { $0.max() ?? -.infinity }
                    assertClose(x.tensor.max(axes: axes), largest, "\(name) max \(axes)")
                }
            }
        }
    }

    /// Transposed and batched-transposed copies, sides not multiples of the tile, every element width, reversed
    /// source strides.
    func testTransposingCopiesMatchTheReference() {
        for dtype in [DType.float32, .float64, .int64, .bool] {
            let values = (0..<(3 * 70 * 131)).map { (i: Int) -> Double in Double(i % 2 == 0 ? i % 97 : -(i % 89)) }
            let base = Tensor(values, shape: [3, 70, 131], dtype: dtype)
            let views = [
                ("transposed", base.transposed()),
                ("flipped transposed", base.flipped(axes: [1]).transposed()),
                ("one matrix", base.selected(axis: 0, index: 1).transposed()),
            ]
            for (name, view) in views {
                let expected = reference(view.shape, dtype: dtype) { view.element(at: $0) }
                let copy = view.contiguous()
                XCTAssertTrue(copy.isContiguous, "\(dtype) \(name)")
                XCTAssertEqual(copy.toDoubles(), expected.toDoubles(), "\(dtype) \(name)")
            }
        }
    }

    /// Reductions with interleaved kept and reduced axes (copied with the reduced axes last), on every layout.
    func testInterleavedReductionsMatchTheReference() {
        for sample in layoutSamples([4, 5, 6, 3], dtype: .float64) {
            for axes in [[0, 2], [1, 3], [0, 2, 3], [0, 1, 3]] {
                let expected = referenceReduction(sample.tensor, axes: axes) { $0.reduce(0, +) }
                assertClose(sample.tensor.sum(axes: axes), expected, "\(sample.layout) \(axes)")
            }
        }
    }

    /// The parallel reduction paths, sized from `Parallel.threshold`, with values whose float64 sums are exact.
    func testParallelReductionPathsMatchTheReference() {
        let long = Parallel.threshold + 37
        func values(_ shape: [Int]) -> Tensor {
            let count = shape.reduce(1, *)
            let data = (0..<count).map { (i: Int) -> Double in Double((i * 7 + i / 5) % 13 - 6) }
            return Tensor(data, shape: shape)
        }
        // Few long outputs: each split across the cores.
        let rows = values([3, long])
        assertClose(rows.sum(axes: [1]), referenceReduction(rows, axes: [1]) { $0.reduce(0, +) }, "few outputs")
        // Column sums with one output row: the rows split across the cores.
        let tall = values([long / 7, 7])
        assertClose(tall.sum(axes: [0]), referenceReduction(tall, axes: [0]) { $0.reduce(0, +) }, "row parts")
        // Rows wider than a column block.
        let wide = values([40, Reduction.columnBlock + 100])
        assertClose(wide.sum(axes: [0]), referenceReduction(wide, axes: [0]) { $0.reduce(0, +) }, "column blocks")
        // Batched column sums, from a transposed view.
        let batched = values([5, 9, long / 45]).transposed(1, 2)
        assertClose(
            batched.sum(axes: [2]), referenceReduction(batched, axes: [2]) { $0.reduce(0, +) }, "batched columns")
        // NaN reaches the result from any lane, block or part.
        for position in [0, 17, long / 2 + 5, long - 1] {
            var data = [Float](repeating: 1, count: long)
            data[position] = .nan
            let x = Tensor(data, shape: [long])
            XCTAssertTrue(x.max().item().isNaN, "max, NaN at \(position)")
            XCTAssertTrue(x.reshaped([1, long]).transposed().min(axes: [0]).item().isNaN, "min, NaN at \(position)")
            XCTAssertTrue(x.sum().item().isNaN, "sum, NaN at \(position)")
        }
    }

    /// 2^20 copies of 0.1 in float32: a running float32 sum drifts by 1%; every reduction layout must combine
    /// pairwise and stay within float32 precision of 2^20 · 0.1.
    func testLongFloat32SumsStayAccurateOnEveryLayout() {
        let exact = Double(Float(0.1)) * Double(1 << 20)
        let flat = Tensor.full([1 << 20], value: 0.1, dtype: .float32)
        let cases: [(String, Tensor, [Int])] = [
            ("full", flat, [0]),
            ("columns", flat.reshaped([1 << 18, 4]), [0]),
            ("columns of a transposed view", flat.reshaped([4, 1 << 18]).transposed(), [0]),
            ("interleaved", flat.reshaped([1 << 9, 2, 1 << 10]), [0, 2]),
            (
                "stepped", Tensor.full([1 << 11, 1 << 10], value: 0.1, dtype: .float32).sliced(axis: 0, step: 2),
                [0, 1]
            ),
        ]
        for (name, x, axes) in cases {
            let sum = x.sum(axes: axes)
            let expected = exact / Double(sum.count)
            assertClose(sum, Tensor.full(sum.shape, value: expected), relativeTolerance: 1e-6, checkDType: false, name)
        }
    }
}
