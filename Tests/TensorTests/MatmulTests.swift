import TestSupport
import XCTest

@testable import Tensor

/// matmul against the naive triple loop in `Double`, for every rank combination, broadcast batches, layouts that go
/// straight to BLAS and layouts that need a copy, zero-size dimensions, and both float dtypes.
final class MatmulTests: XCTestCase {
    /// `a.matmul(b)`, or `a.matmul(b, adding: c)`, against the naive loop (plus `c`).
    func check(
        _ a: Tensor, _ b: Tensor, adding c: Tensor? = nil, _ label: String = "", file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let result = c.map { a.matmul(b, adding: $0) } ?? a.matmul(b)
        let expected = c.map { referenceMatmul(a, b) + $0 } ?? referenceMatmul(a, b)
        let k = a.shape.last ?? 1
        let tolerance = (a.dtype == .float32 ? 2e-6 : 1e-14) * Double(Swift.max(k, 1))
        XCTAssertEqual(result.dtype, a.dtype, label, file: file, line: line)
        assertClose(
            result, expected, relativeTolerance: tolerance, absoluteTolerance: tolerance,
            "\(a.shape) · \(b.shape) \(label)", file: file, line: line)
    }

    func testEveryRankCombination() {
        var random = TestRandom(seed: 81)
        for dtype in [DType.float32, .float64] {
            let shapes: [([Int], [Int])] = [
                ([5], [5]), ([3, 4], [4]), ([4], [4, 3]), ([3, 4], [4, 5]), ([2, 1, 3, 4], [5, 4, 2]),
                ([2, 3, 4], [4, 5]),
                ([3, 4], [2, 4, 5]), ([2, 3, 4], [2, 4, 5]), ([1, 3, 4], [2, 4, 5]), ([2, 3, 4], [4]),
                ([4], [2, 4, 5]),
                ([2, 1, 3, 4], [1, 6, 4, 2]), ([1, 4], [4, 1]), ([3, 1], [1, 4]), ([1], [1]), ([1, 1], [1]),
            ]
            for (sa, sb) in shapes {
                check(random.tensor(sa, dtype: dtype), random.tensor(sb, dtype: dtype), "\(dtype)")
            }
        }
    }

    func testMatricesOnEveryLayoutPair() {
        var random = TestRandom(seed: 82)
        for dtype in [DType.float32, .float64] {
            // Constant along one axis so that the variants include an expanded (stride 0) layout.
            let lefts = [
                random.tensor([3, 4], dtype: dtype),
                valuesConstant(along: 0, shape: [3, 4], dtype: dtype, random: &random),
            ]
            let rights = [
                random.tensor([4, 5], dtype: dtype),
                valuesConstant(along: 1, shape: [4, 5], dtype: dtype, random: &random),
            ]
            for a in lefts {
                for b in rights {
                    for va in layoutVariants(of: a) {
                        for vb in layoutVariants(of: b) {
                            check(va.tensor, vb.tensor, "\(dtype) \(va.name) × \(vb.name)")
                        }
                    }
                }
            }
        }
    }

    func testVectorsOnEveryLayout() {
        var random = TestRandom(seed: 83)
        for dtype in [DType.float32, .float64] {
            let m = random.tensor([3, 4], dtype: dtype)
            let v = random.tensor([4], dtype: dtype)
            let w = random.tensor([3], dtype: dtype)
            let constant = Tensor.full([4], value: 0.5, dtype: dtype)
            for vm in layoutVariants(of: m) {
                for vv in layoutVariants(of: v) + layoutVariants(of: constant) {
                    check(vm.tensor, vv.tensor, "\(dtype) matrix \(vm.name) · vector \(vv.name)")
                    check(vv.tensor, vm.tensor.transposed(), "\(dtype) vector \(vv.name) · matrix \(vm.name)ᵀ")
                    check(vv.tensor, v.flipped(axes: [0]), "\(dtype) dot \(vv.name) · flipped")
                }
                for vw in layoutVariants(of: w) {
                    check(vw.tensor, vm.tensor, "\(dtype) vector \(vw.name) · matrix \(vm.name)")
                }
            }
        }
    }

    /// Products with one column or one row go to `gemv` (not `gemm`): every layout of both operands, including a
    /// broadcast (stride-0) column and folded batches.
    func testSingleColumnAndSingleRowProductsOnEveryLayout() {
        var random = TestRandom(seed: 87)
        for dtype in [DType.float32, .float64] {
            let m = random.tensor([5, 4], dtype: dtype)
            let column = random.tensor([4, 1], dtype: dtype)
            let row = random.tensor([1, 5], dtype: dtype)
            let broadcastColumn = Tensor.full([1, 1], value: 0.5, dtype: dtype).expanded(to: [4, 1])
            for vm in layoutVariants(of: m) {
                for (name, c) in layoutVariants(of: column).map({ ($0.name, $0.tensor) }) + [
                    ("broadcast", broadcastColumn)
                ] {
                    check(vm.tensor, c, "\(dtype) [5, 4] \(vm.name) · column \(name)")
                }
                for vr in layoutVariants(of: row) {
                    check(vr.tensor, vm.tensor, "\(dtype) row \(vr.name) · [5, 4] \(vm.name)")
                }
            }
            check(random.tensor([3, 5, 4], dtype: dtype), column, "\(dtype) folded batch · column")
            check(
                random.tensor([3, 1, 4], dtype: dtype), random.tensor([3, 4, 6], dtype: dtype), "\(dtype) batched rows")
            check(
                random.tensor([2, 5, 4], dtype: dtype), random.tensor([2, 4, 1], dtype: dtype),
                "\(dtype) batched columns")
            check(random.tensor([5, 0], dtype: dtype), random.tensor([0, 1], dtype: dtype), "\(dtype) k = 0 column")
            check(random.tensor([1, 0], dtype: dtype), random.tensor([0, 5], dtype: dtype), "\(dtype) k = 0 row")
        }
    }

    func testTransposedViewsThatGoStraightToBLAS() {
        var random = TestRandom(seed: 84)
        for dtype in [DType.float32, .float64] {
            let a = random.tensor([5, 3], dtype: dtype)
            let b = random.tensor([4, 5], dtype: dtype)
            check(a.transposed(), b.transposed(), "\(dtype) Aᵀ Bᵀ")
            check(a.transposed(), random.tensor([5, 2], dtype: dtype), "\(dtype) Aᵀ B")
            check(random.tensor([2, 4], dtype: dtype), b, "\(dtype) A B")
            // Row-sliced and column-narrowed matrices: row stride larger than the width (a leading dimension).
            let big = random.tensor([8, 9], dtype: dtype)
            check(
                big.narrowed(axis: 1, start: 2, length: 4),
                big.narrowed(axis: 0, start: 1, length: 4).narrowed(axis: 1, start: 3, length: 5),
                "\(dtype) with leading dimensions")
            check(
                big.sliced(axis: 0, step: 2).narrowed(axis: 1, start: 0, length: 3),
                big.narrowed(axis: 1, start: 5, length: 3).transposed(), "\(dtype) row-stepped")
            // Batched transposes: the last two axes swapped, batch strides in between.
            let batch = random.tensor([3, 4, 2], dtype: dtype)
            check(batch.transposed(), random.tensor([3, 4, 5], dtype: dtype), "\(dtype) batched Aᵀ")
            check(random.tensor([3, 5, 4], dtype: dtype), batch.permuted([0, 1, 2]), "\(dtype) batched")
            check(
                random.tensor([2, 3, 5], dtype: dtype).permuted([1, 0, 2]), random.tensor([5, 4], dtype: dtype),
                "\(dtype) batch not outermost")
        }
    }

    func testViewsThatNeedACopy() {
        var random = TestRandom(seed: 85)
        for dtype in [DType.float32, .float64] {
            let big = random.tensor([8, 10], dtype: dtype)
            // [3, 5], column stride 2
            let stepped = big.sliced(axis: 1, step: 2).narrowed(axis: 0, start: 0, length: 3)
            check(stepped, random.tensor([5, 2], dtype: dtype), "\(dtype) column-stepped")
            check(random.tensor([2, 3], dtype: dtype), stepped, "\(dtype) column-stepped right")
            check(
                big.flipped(axes: [1]).narrowed(axis: 1, start: 0, length: 4), random.tensor([4, 3], dtype: dtype),
                "\(dtype) flipped")
            let row = random.tensor([1, 4], dtype: dtype).expanded(to: [3, 4])
            check(row, random.tensor([4, 2], dtype: dtype), "\(dtype) expanded rows")
            let column = random.tensor([4, 1], dtype: dtype).expanded(to: [4, 3])
            check(random.tensor([2, 4], dtype: dtype), column, "\(dtype) expanded columns")
            let batchExpanded = random.tensor([1, 3, 4], dtype: dtype).expanded(to: [5, 3, 4])
            check(batchExpanded, random.tensor([4, 2], dtype: dtype), "\(dtype) batch-expanded left")
            check(random.tensor([5, 2, 3], dtype: dtype), batchExpanded, "\(dtype) batch-expanded right")
            // [4, 4], strides [4, 17]
            let diagonalStrides = random.tensor([4, 4, 4], dtype: dtype).diagonal(axis0: 0, axis1: 2)
            check(diagonalStrides, random.tensor([4, 3], dtype: dtype), "\(dtype) diagonal view")
            // A batch of rank 3 that cannot be folded into the rows of one GEMM.
            let a = random.tensor([2, 1, 3, 4], dtype: dtype).expanded(to: [2, 5, 3, 4])
            check(a, random.tensor([4, 2], dtype: dtype), "\(dtype) expanded inner batch")
        }
    }

    func testSizeOneDimensionsWithOddStrides() {
        var random = TestRandom(seed: 86)
        for dtype in [DType.float32, .float64] {
            let big = random.tensor([6, 7], dtype: dtype)
            check(
                big.narrowed(axis: 0, start: 2, length: 1), big.transposed().narrowed(axis: 1, start: 3, length: 1),
                "\(dtype) [1, 7] · [7, 1] with odd strides")
            check(
                big.narrowed(axis: 1, start: 2, length: 1), big.narrowed(axis: 0, start: 4, length: 1),
                "\(dtype) outer product, k = 1")
            check(
                big.sliced(axis: 1, step: 3).narrowed(axis: 0, start: 0, length: 1),
                random.tensor([3, 2], dtype: dtype), "\(dtype) m = 1 with a column stride")
            check(
                random.tensor([2, 6], dtype: dtype),
                big.sliced(axis: 1, step: 4).narrowed(axis: 1, start: 1, length: 1), "\(dtype) n = 1 with a row stride")
            // A one-element vector with stride 0 (a scalar broadcast to [1]).
            let one = Tensor(scalar: 3.0, dtype: dtype).expanded(to: [1])
            check(random.tensor([4, 1], dtype: dtype), one, "\(dtype) matrix · broadcast scalar")
            check(one, random.tensor([1, 4], dtype: dtype), "\(dtype) broadcast scalar · matrix")
            check(one, one, "\(dtype) dot of broadcast scalars")
            check(random.tensor([2, 4, 1], dtype: dtype), one, "\(dtype) batch · broadcast scalar")
        }
    }

    func testZeroSizeDimensions() {
        for dtype in [DType.float32, .float64] {
            let cases: [([Int], [Int], [Int])] = [
                ([0, 3], [3, 4], [0, 4]), ([3, 0], [0, 4], [3, 4]), ([3, 4], [4, 0], [3, 0]), ([0], [0], []),
                ([3, 0], [0], [3]), ([0], [0, 2], [2]), ([0, 3, 4], [4, 2], [0, 3, 2]),
                ([2, 3, 0], [2, 0, 5], [2, 3, 5]),
                ([2, 0, 3], [3, 4], [2, 0, 4]), ([1, 3, 0], [4, 0, 2], [4, 3, 2]),
            ]
            for (sa, sb, expected) in cases {
                let result = Tensor.ones(sa, dtype: dtype).matmul(Tensor.ones(sb, dtype: dtype))
                assertElements(
                    result, [Double](repeating: 0, count: expected.reduce(1, *)), shape: expected, dtype: dtype,
                    "\(sa) · \(sb)")
            }
        }
    }

    func testLargeMatricesAgainstTheNaiveLoop() {
        var random = TestRandom(seed: 87)
        for dtype in [DType.float32, .float64] {
            let a = random.tensor([130, 257], dtype: dtype)
            let b = random.tensor([129, 257], dtype: dtype)
            check(a, b.transposed(), "\(dtype) large")
            check(
                random.tensor([3, 40, 65], dtype: dtype), random.tensor([65, 33], dtype: dtype),
                "\(dtype) large folded batch")
            check(random.tensor([1000], dtype: dtype), random.tensor([1000], dtype: dtype), "\(dtype) long dot")
            check(
                random.tensor([300, 200], dtype: dtype).transposed(), random.tensor([300], dtype: dtype),
                "\(dtype) large gemv")
        }
    }

    /// Products large enough to be split over the threads (Float64 on the packed GEMM: by rows of C when it has at
    /// least as many rows as columns, else by columns; Float32 on oneDNN, and on the packed GEMM when only B is
    /// transposed), on every transpose pair, with leading dimensions larger than the width, sizes that are not
    /// multiples of the block alignment, and accumulated onto an addend.
    func testThreadedProductsOnEveryTransposePairAndSplit() {
        var random = TestRandom(seed: 91)
        for dtype in [DType.float32, .float64] {
            for (m, k, n) in [(190, 131, 67), (67, 131, 190), (9, 1000, 300)] {
                XCTAssertGreaterThanOrEqual(m * k * n, BLASThreads.singleThreadWork)
                let lefts = [
                    ("A", random.tensor([m, k + 3], dtype: dtype).narrowed(axis: 1, start: 2, length: k)),
                    (
                        "Aᵀ",
                        random.tensor([k, m + 5], dtype: dtype).narrowed(axis: 1, start: 1, length: m).transposed()
                    ),
                ]
                let rights = [
                    ("B", random.tensor([k, n + 2], dtype: dtype).narrowed(axis: 1, start: 0, length: n)),
                    (
                        "Bᵀ",
                        random.tensor([n, k + 1], dtype: dtype).narrowed(axis: 1, start: 1, length: k).transposed()
                    ),
                ]
                for (nameA, a) in lefts {
                    for (nameB, b) in rights {
                        check(a, b, "\(dtype) \(nameA) \(nameB) \(m)×\(k)×\(n)")
                        check(
                            a, b, adding: random.tensor([n], dtype: dtype),
                            "\(dtype) \(nameA) \(nameB) \(m)×\(k)×\(n) + row")
                    }
                }
            }
        }
    }

    /// The packed GEMM's tiles and blocks (6 rows × 4 registers per micro-tile, blocks of 160 deep and 4 KiB of B
    /// wide): every edge tile (1–6 rows, a last register of 1 to all lanes), depths across blocks, and C wider than
    /// a block on each thread, transposed or not, overwritten and accumulated.
    func testPackedProductsOnEdgeTilesAndAcrossBlocks() {
        var random = TestRandom(seed: 93)
        for dtype in [DType.float32, .float64] {
            let lanes = dtype == .float32 ? 16 : 8
            for m in 1...7 {
                for n in [1, lanes - 1, lanes, lanes + 1, 4 * lanes - 1, 4 * lanes + 3] {
                    for k in [1, 161] {
                        check(
                            random.tensor([m, k], dtype: dtype), random.tensor([k, n], dtype: dtype),
                            "\(dtype) \(m)×\(k)×\(n)")
                    }
                }
            }
            let wide = 4096 / dtype.byteSize * 2 + 37
            for (nameA, a) in [
                ("A", random.tensor([13, 330], dtype: dtype)),
                ("Aᵀ", random.tensor([330, 13], dtype: dtype).transposed()),
            ] {
                for (nameB, b) in [
                    ("B", random.tensor([330, wide], dtype: dtype)),
                    ("Bᵀ", random.tensor([wide, 330], dtype: dtype).transposed()),
                ] {
                    check(a, b, "\(dtype) \(nameA) \(nameB) 13×330×\(wide)")
                    check(a, b, adding: random.tensor([13, wide], dtype: dtype), "\(dtype) \(nameA) \(nameB) + C")
                }
            }
        }
    }

    /// Matrix-vector products large enough for the threaded path (Eigen's kernels split over the threads on
    /// AVX-512 CPUs; oneDNN for Float32 and OpenBLAS for Float64 elsewhere), with row- and column-major matrices and
    /// a strided vector.
    func testLargeMatrixVectorProducts() {
        var random = TestRandom(seed: 89)
        for dtype in [DType.float32, .float64] {
            let (m, k) = (1030, 601)
            XCTAssertGreaterThanOrEqual(m * k, BLASThreads.singleThreadWork)
            let vector = random.tensor([2 * k], dtype: dtype)[TensorIndex.stride(0, nil, 2)]
            check(random.tensor([m, k], dtype: dtype), vector, "\(dtype) row-major")
            check(random.tensor([k, m], dtype: dtype).transposed(), vector, "\(dtype) column-major")
            check(vector, random.tensor([k, m], dtype: dtype), "\(dtype) vector · matrix")
        }
    }

    /// Batches of matrices on both sides of `smallProductWork` (direct loops below it, one BLAS call per matrix
    /// above, split across cores for many matrices), with per-head strided views and broadcast (stride-0) batches.
    func testBatchesOfSmallAndLargeProductsOnStridedBatches() {
        var random = TestRandom(seed: 89)
        for dtype in [DType.float32, .float64] {
            for (m, k, n) in [(4, 2, 16), (16, 16, 16), (20, 24, 18), (4, 16, 2), (16, 4, 7)] {
                // [B, L, H, d] stored, [B, H, L, d] viewed: neither batch axis folds into the rows.
                let query = random.tensor([3, m, 5, k], dtype: dtype).permuted([0, 2, 1, 3])
                let key = random.tensor([3, n, 5, k], dtype: dtype).permuted([0, 2, 3, 1])
                check(query, key, "\(dtype) per-head views \(m)×\(k)×\(n)")
                check(
                    query, key, adding: random.tensor([n], dtype: dtype), "\(dtype) per-head views \(m)×\(k)×\(n) + row"
                )
                let shared = random.tensor([1, 5, k, n], dtype: dtype).expanded(to: [3, 5, k, n])
                check(query, shared, "\(dtype) expanded right batch \(m)×\(k)×\(n)")
                check(
                    random.tensor([2, 1, m, k], dtype: dtype), random.tensor([1, 6, k, n], dtype: dtype), "\(dtype)")
            }
        }
    }

    /// Which layouts go to BLAS without a copy (the transpose flag and leading dimension taken from the strides).
    func testBLASLayoutFromStrides() {
        func layout(_ t: Tensor) -> (Bool, Int)? {
            Tensor.blasLayout(
                rows: t.shape[0], columns: t.shape[1], rowStride: t.strides[0], columnStride: t.strides[1])
        }
        let m = Tensor.zeros([6, 8])
        XCTAssertTrue(layout(m)! == (false, 8))
        XCTAssertTrue(layout(m.transposed())! == (true, 8))
        XCTAssertTrue(layout(m.narrowed(axis: 1, start: 2, length: 3))! == (false, 8))
        XCTAssertTrue(layout(m.narrowed(axis: 1, start: 2, length: 3).transposed())! == (true, 8))
        XCTAssertTrue(layout(m.sliced(axis: 0, step: 2))! == (false, 16))
        XCTAssertTrue(layout(m.narrowed(axis: 0, start: 1, length: 1))! == (false, 8))
        XCTAssertNil(layout(m.sliced(axis: 1, step: 2)))
        XCTAssertNil(layout(m.flipped(axes: [0])))
        XCTAssertNil(layout(m.flipped(axes: [1])))
        XCTAssertNil(layout(Tensor.zeros([1, 8]).expanded(to: [6, 8])))
        XCTAssertNil(layout(Tensor.zeros([6, 1]).expanded(to: [6, 8])))
        XCTAssertNil(layout(Tensor.zeros([4, 4, 4]).diagonal(axis0: 0, axis1: 2)))
    }

    func testKnownProduct() {
        let a = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor([7.0, 8, 9, 10, 11, 12], shape: [3, 2])
        assertElements(a.matmul(b), [58, 64, 139, 154], shape: [2, 2], dtype: .float64)
        assertElements(Tensor([1.0, 2, 3]).matmul(Tensor([4.0, 5, 6])), [32], shape: [], dtype: .float64)
        assertElements(a.matmul(Tensor([1.0, 1, 1])), [6, 15], shape: [2])
        assertElements(Tensor([1.0, 1]).matmul(a), [5, 7, 9], shape: [3])
    }
}
