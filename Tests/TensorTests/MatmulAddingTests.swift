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

/// `a.matmul(b, adding: c, then: f)` equals `f(a.matmul(b) + c)` where the rows' owners apply `f` (one folded
/// GEMM, split by rows over the team when large, Float32 with B transposed as a `Linear` layer's), and where `f`
/// runs after the product (oneDNN's Float32 products, matrix-vector products, several matrices, the fallbacks).
extension MatmulTests {
    func testAddingThenAFunctionOnEveryPath() {
        var random = TestRandom(seed: 93)
        for dtype in [DType.float32, .float64] {
            let cases: [(Tensor, Tensor, [Int], String)] = [
                (random.tensor([30, 40], dtype: dtype), random.tensor([40, 20], dtype: dtype), [20], "bias row"),
                (random.tensor([30, 40], dtype: dtype), random.tensor([40, 20], dtype: dtype), [30, 1], "column"),
                (
                    random.tensor([128, 64], dtype: dtype), random.tensor([256, 64], dtype: dtype).transposed(), [256],
                    "a Linear layer's x·Wᵀ, split by rows over the team"
                ),
                (
                    random.tensor([300, 200], dtype: dtype), random.tensor([200, 500], dtype: dtype), [300, 500],
                    "large, full addend"
                ),
                (
                    random.tensor([70, 90, 80], dtype: dtype), random.tensor([80, 100], dtype: dtype), [90, 100],
                    "folded batch, addend repeated per matrix"
                ),
                (random.tensor([6, 30, 40], dtype: dtype), random.tensor([6, 40, 20], dtype: dtype), [20], "batches"),
                (random.tensor([30, 40], dtype: dtype), random.tensor([40, 1], dtype: dtype), [1], "one column"),
                (random.tensor([1, 40], dtype: dtype), random.tensor([40, 20], dtype: dtype), [20], "one row"),
                (random.tensor([5, 8, 8], dtype: dtype), random.tensor([8, 8], dtype: dtype), [8], "small products"),
                (random.tensor([30, 0], dtype: dtype), random.tensor([0, 20], dtype: dtype), [20], "empty inner"),
                (random.tensor([30, 40], dtype: dtype), random.tensor([40], dtype: dtype), [30], "vector (fallback)"),
            ]
            for (a, b, addendShape, label) in cases {
                let addend = random.tensor(addendShape, dtype: dtype)
                for function in [UnaryFunction.tanh, .sigmoid, .relu, .exp] {
                    let expected = (a.matmul(b) + addend).applying(function)
                    let fused = a.matmul(b, adding: addend, then: function)
                    XCTAssertEqual(fused.shape, expected.shape, "\(dtype) \(label) \(function)")
                    assertClose(
                        fused, expected, relativeTolerance: dtype == .float32 ? 2e-5 : 1e-12,
                        absoluteTolerance: dtype == .float32 ? 1e-5 : 1e-12, "\(dtype) \(label) \(function)")
                }
            }
        }
    }

    func testAddingThenAFunctionLeavesItsOperandsAlone() {
        var random = TestRandom(seed: 94)
        let a = random.tensor([128, 64], dtype: .float64)
        let w = random.tensor([256, 64], dtype: .float64)
        let bias = random.tensor([256], dtype: .float64)
        let kept = [a.copied(), w.copied(), bias.copied()]
        _ = a.matmul(w.transposed(), adding: bias, then: .tanh)
        for (tensor, copy) in zip([a, w, bias], kept) {
            assertClose(tensor, copy, relativeTolerance: 0, absoluteTolerance: 0, "an operand was written")
        }
    }
}
