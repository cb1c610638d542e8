import TestSupport
import XCTest

@testable import Tensor

/// `a.matmul(b, adding: c)` equals `a.matmul(b) + c` on every GEMM path it accumulates on (one folded GEMM, one BLAS
/// call per matrix, several matrices per core, the direct loops of small products, matrix-vector products), with
/// broadcast and non-contiguous addends, and on the fallbacks (vector operands, an addend that enlarges the result).
extension MatmulTests {
    func testAddingOnEveryPathAndAddendShape() {
        var random = TestRandom(seed: 91)
        for dtype in [DType.float32, .float64] {
            let cases: [([Int], [Int], [Int], String)] = [
                ([30, 40], [40, 20], [20], "bias row"),
                ([30, 40], [40, 20], [30, 20], "full addend"),
                ([30, 40], [40, 20], [30, 1], "column addend"),
                ([4, 30, 40], [40, 20], [20], "folded batch"),
                ([70, 90, 80], [80, 100], [100], "large folded batch, threaded BLAS"),
                ([6, 30, 40], [6, 40, 20], [6, 30, 20], "one BLAS call per matrix, parallel"),
                ([1, 60, 70], [3, 70, 80], [80], "broadcast batch, few matrices"),
                ([5, 8, 8], [5, 8, 8], [5, 1, 8], "small products"),
                ([30, 40], [40, 1], [30, 1], "matrix-vector (one column)"),
                ([1, 40], [40, 20], [20], "matrix-vector (one row)"),
                ([30, 0], [0, 20], [20], "empty inner dimension"),
                ([30, 40], [40], [30], "vector operand (fallback)"),
                ([30, 40], [40, 20], [3, 30, 20], "addend enlarges the result (fallback)"),
            ]
            for (sa, sb, sc, label) in cases {
                check(
                    random.tensor(sa, dtype: dtype), random.tensor(sb, dtype: dtype),
                    adding: random.tensor(sc, dtype: dtype), "\(dtype) \(label)")
            }
        }
    }

    func testAddingStridedOperandsAndAddends() {
        var random = TestRandom(seed: 92)
        let a = random.tensor([40, 30], dtype: .float64).transposed()
        let b = random.tensor([20, 40], dtype: .float64).transposed()
        check(a, b, adding: random.tensor([20, 30], dtype: .float64).transposed(), "transposed addend")
        let wide = random.tensor([30, 40], dtype: .float64)
        check(a, b, adding: wide[TensorIndex.all, TensorIndex.stride(0, nil, 2)], "stepped addend")
        check(a, b, adding: random.tensor([20], dtype: .float64).expanded(to: [30, 20]), "expanded addend")
        let addend = random.tensor([30, 20], dtype: .float64)
        let before = addend.copied()
        _ = a.matmul(b, adding: addend)
        assertClose(addend, before, relativeTolerance: 0, absoluteTolerance: 0, "the addend is not written")
    }

    func testAddingAMismatchedDTypeStops() {
        expectFatalError(containing: "matmul(adding:): [2, 3] × [3, 4] + [4]: the addend is float64") {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([3, 4]), adding: Tensor.zeros([4], dtype: .float64))
        }
    }
}
