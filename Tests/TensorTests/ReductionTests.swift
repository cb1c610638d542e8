import Foundation
import Tensor
import TestSupport
import XCTest

/// sum, mean, product, max, min over every subset of axes, with and without keepDims, on every layout; large
/// inputs that take the parallel paths against a `Double` reference.
final class ReductionTests: XCTestCase {
    struct Op: Sendable {
        let name: String
        let apply: @Sendable (Tensor, [Int]?, Bool) -> Tensor
        let reference: @Sendable ([Double]) -> Double
    }

    static func nanAware(_ f: @escaping @Sendable ([Double]) -> Double) -> @Sendable ([Double]) -> Double {
        { $0.contains { $0.isNaN } ? .nan : f($0) }
    }

    static let ops: [Op] = [
        Op(name: "sum", apply: { $0.sum(axes: $1, keepDims: $2) }, reference: { $0.reduce(0, +) }),
        Op(name: "mean", apply: { $0.mean(axes: $1, keepDims: $2) }, reference: { $0.reduce(0, +) / Double($0.count) }),
        Op(name: "product", apply: { $0.product(axes: $1, keepDims: $2) }, reference: { $0.reduce(1, *) }),
        Op(name: "max", apply: { $0.max(axes: $1, keepDims: $2) }, reference: nanAware { $0.max() ?? -.infinity }),
        Op(name: "min", apply: { $0.min(axes: $1, keepDims: $2) }, reference: nanAware { $0.min() ?? .infinity }),
    ]

    static func axisChoices(rank: Int) -> [[Int]?] {
        var choices: [[Int]?] = allAxisSubsets(rank: rank)
        choices.append(nil)
        if rank >= 2 { choices += [[-1], [0, -1], [-2, 0], [1, 1]] }
        return choices
    }

    func testEverySubsetOfAxesOnEveryLayout() {
        var random = TestRandom(seed: 41)
        for dtype in [DType.float32, .float64] {
            let tolerance = dtype == .float32 ? 1e-5 : 1e-13
            let datasets = [
                random.tensor([3, 4, 5], dtype: dtype, low: 0.5, high: 1.5)
                    * random.tensor([3, 4, 5], dtype: dtype).sign(),
                valuesConstant(along: 1, shape: [2, 3, 4], dtype: dtype, random: &random),
                random.tensor([5, 6], dtype: dtype),
                random.tensor([7], dtype: dtype),
            ]
            for values in datasets {
                for variant in layoutVariants(of: values) {
                    for axes in Self.axisChoices(rank: values.rank) {
                        for keepDims in [false, true] {
                            for op in Self.ops {
                                let result = op.apply(variant.tensor, axes, keepDims)
                                let expected = referenceReduction(values, axes: axes, keepDims: keepDims, op.reference)
                                XCTAssertTrue(result.isContiguous)
                                assertClose(
                                    result, expected, relativeTolerance: tolerance, absoluteTolerance: tolerance,
                                    "\(op.name) \(dtype) \(values.shape) \(variant.name) axes \(axes.map { "\($0)" } ?? "nil") keepDims \(keepDims)"
                                )
                            }
                        }
                    }
                }
            }
        }
    }

    func testScalarAndEmptyInputs() {
        let s = Tensor(scalar: 2.5)
        for op in Self.ops {
            assertElements(op.apply(s, nil, false), [2.5], shape: [], op.name)
            assertElements(op.apply(s, [], true), [2.5], shape: [], op.name)
        }
        let empty = Tensor.zeros([0, 3], dtype: .float64)
        assertElements(empty.sum(axis: 0), [0, 0, 0], shape: [3])
        assertElements(empty.product(axes: [0]), [1, 1, 1], shape: [3])
        assertElements(empty.sum(), [0], shape: [])
        assertElements(empty.mean(axis: 0), [.nan, .nan, .nan], shape: [3])
        assertElements(empty.sum(axis: 1), [], shape: [0])
        assertElements(empty.max(axes: [1], keepDims: true), [], shape: [0, 1])
        assertElements(empty.logSumExp(axes: [0]), [-.infinity, -.infinity, -.infinity], shape: [3])
        assertElements(empty.logSumExp(axes: [1]), [], shape: [0])
    }

    func testNaNAndInfinitiesPropagate() {
        for dtype in [DType.float32, .float64] {
            let x = Tensor([1, .nan, 3, -.infinity, 2, 5, .infinity, -1], shape: [2, 4], dtype: dtype)
            assertElements(x.max(axes: [1]), [.nan, .infinity], shape: [2])
            assertElements(x.min(axes: [1]), [.nan, -1], shape: [2])
            assertElements(x.max(axes: [0]), [2, .nan, .infinity, -1], shape: [4])
            assertElements(x.min(axes: [0]), [1, .nan, 3, -.infinity], shape: [4])
            assertElements(x.sum(axes: [1]), [.nan, .infinity], shape: [2])
            assertElements(x.max(), [.nan], shape: [])
            // NaN first in a row: the fold must not let a later element replace it.
            let first = Tensor([.nan, 1, 2], shape: [3], dtype: dtype)
            assertElements(first.max(), [.nan], shape: [])
            assertElements(first.min(), [.nan], shape: [])
            let mixed = Tensor([.infinity, -.infinity], shape: [2], dtype: dtype)
            assertElements(mixed.sum(), [.nan], shape: [])
        }
    }

    /// Inputs above `Parallel.threshold` (≥ 1e5 elements) so the kernels split across cores.
    func testLargeInputsTakeTheParallelPaths() {
        var random = TestRandom(seed: 42)
        for dtype in [DType.float32, .float64] {
            let rtol = dtype == .float32 ? 1e-4 : 1e-11
            let shape = ParallelSizes.matrix
            let rows = shape[0]
            let columns = shape[1]
            let base = random.tensor(shape, dtype: dtype, low: 0, high: 1)
            let wide = random.tensor([2 * rows, 2 * columns], dtype: dtype, low: 0, high: 1)
            let variants: [(String, Tensor)] = [
                ("contiguous", base),
                ("transposed", random.tensor([columns, rows], dtype: dtype, low: 0, high: 1).transposed()),
                ("stepped", wide.sliced(axis: 0, start: 1, step: 2).sliced(axis: 1, step: 2)),
                ("flipped", base.flipped(axes: [0, 1])),
                ("expanded", random.tensor([columns], dtype: dtype, low: 0, high: 1).expanded(to: shape)),
                ("flat", random.tensor([ParallelSizes.count], dtype: dtype, low: 0, high: 1)),
                ("one long row", random.tensor([1, ParallelSizes.count], dtype: dtype, low: 0, high: 1)),
                (
                    "rank 3 permuted",
                    random.tensor(ParallelSizes.cube, dtype: dtype, low: 0, high: 1).permuted([2, 0, 1])
                ),
            ]
            for (name, x) in variants {
                for axes in [nil] + allAxisSubsets(rank: x.rank).dropFirst().map(Optional.some) {
                    for keepDims in [false, true] {
                        for op in Self.ops where op.name != "product" {
                            let expected = referenceReduction(x, axes: axes, keepDims: keepDims, op.reference)
                            assertClose(
                                op.apply(x, axes, keepDims), expected, relativeTolerance: rtol, absoluteTolerance: 0,
                                "\(op.name) large \(dtype) \(name) axes \(axes.map { "\($0)" } ?? "nil") keepDims \(keepDims)"
                            )
                        }
                    }
                }
            }
            // Product of values near 1 (no overflow) over the whole tensor and along each axis. Float32 products of
            // factors near 1 round with a bias (~1e-9 per factor), so the tolerance grows with the size, which
            // follows Parallel.threshold.
            let nearOne = random.tensor(shape, dtype: dtype, low: 0.9999, high: 1.0001)
            let productTolerance = dtype == .float32 ? Swift.max(1e-3, 3e-9 * Double(nearOne.count)) : 1e-10
            for axes in [nil, [0], [1]] as [[Int]?] {
                assertClose(
                    nearOne.product(axes: axes), referenceReduction(nearOne, axes: axes) { $0.reduce(1, *) },
                    relativeTolerance: productTolerance, absoluteTolerance: 0, "product large \(dtype)")
            }
        }
    }

    func testLargeReductionsFindNaNAndTheExtremeInEveryChunk() {
        for dtype in [DType.float32, .float64] {
            let shape = ParallelSizes.matrix
            let n = shape[0] * shape[1]
            for position in [0, n / 2 - 1, n / 2, n - 1] {
                var values = [Double](repeating: 0.5, count: n)
                values[position] = 9
                values[(position + n / 3) % values.count] = -9
                let x = Tensor(values, shape: [n], dtype: dtype)
                assertElements(x.max(), [9], shape: [], "max at \(position)")
                assertElements(x.min(), [-9], shape: [], "min at \(position)")
                XCTAssertEqual(x.argmax().item(), Double(position))
                values[position] = .nan
                let withNaN = Tensor(values, shape: shape + [1], dtype: dtype).transposed(0, 1)
                assertElements(withNaN.max(), [.nan], shape: [], "NaN max at \(position)")
                assertElements(withNaN.min(), [.nan], shape: [], "NaN min at \(position)")
                assertElements(withNaN.sum(), [.nan], shape: [], "NaN sum at \(position)")
            }
        }
    }

    func testLongFloat32SumsDoNotDrift() {
        // A float32 running sum of 0.1 drifts by 1% over 2^20 terms; every path must stay at float32 precision.
        let exact = Double(Float(0.1))
        let column = Tensor.full([1 << 20, 2], value: 0.1, dtype: .float32)
        assertClose(column.mean(axes: [0]), [exact, exact], shape: [2], relativeTolerance: 1e-6, absoluteTolerance: 0)
        assertClose(
            column.transposed().mean(axes: [1]), [exact, exact], shape: [2], relativeTolerance: 1e-6,
            absoluteTolerance: 0)
        assertClose(column.sum(), [exact * Double(1 << 21)], shape: [], relativeTolerance: 1e-6, absoluteTolerance: 0)
        let flat = Tensor.full([1 << 23], value: 0.1, dtype: .float32)
        assertClose(flat.mean(), [exact], shape: [], relativeTolerance: 1e-6, absoluteTolerance: 0)
        let rows = flat.reshaped([1 << 10, 1 << 13]).mean(axes: [1])
        assertClose(rows, Tensor.full([1 << 10], value: exact, dtype: .float32), relativeTolerance: 1e-6)
        // Rows shorter than 4096 sum in float32 (eight accumulators): about n/8 ulps at worst.
        let shortRows = flat.reshaped([1 << 12, 1 << 11]).mean(axes: [1])
        assertClose(shortRows, Tensor.full([1 << 12], value: exact, dtype: .float32), relativeTolerance: 2e-5)
        assertClose(flat.variance(), [0], shape: [], relativeTolerance: 0, absoluteTolerance: 1e-9)
        assertClose(
            flat.norm(), [exact * Double(1 << 23).squareRoot()], shape: [], relativeTolerance: 1e-6,
            absoluteTolerance: 0)
    }

    func testMeanOfLargeFloat32IsAccurate() {
        // 2^20 copies of 0.1: a naive float32 running sum drifts by percent; the result must stay close.
        let x = Tensor.full([1 << 20], value: 0.1, dtype: .float32)
        XCTAssertEqual(x.mean().item(), Double(Float(0.1)), accuracy: 1e-4)
        let matrix = Tensor.full([1 << 10, 1 << 10], value: 0.1, dtype: .float32)
        assertClose(
            matrix.mean(axes: [0]), Tensor.full([1 << 10], value: 0.1, dtype: .float32), relativeTolerance: 1e-4)
        assertClose(
            matrix.mean(axes: [1]), Tensor.full([1 << 10], value: 0.1, dtype: .float32), relativeTolerance: 1e-4)
    }
}
