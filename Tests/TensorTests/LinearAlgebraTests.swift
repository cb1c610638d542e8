import Tensor
import TestSupport
import XCTest

/// Deterministic inputs and comparisons shared by the linear algebra tests.
enum LinearAlgebraTesting {
    static let dtypes: [DType] = [.float32, .float64]

    /// SplitMix64: a tiny seeded generator, so every run sees the same matrices.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in [-1, 1).
        mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
    }

    /// Uniform values in [-1, 1) of `shape`.
    static func random(_ shape: [Int], dtype: DType, seed: UInt64) -> Tensor {
        var generator = Generator(state: seed)
        return Tensor((0..<shape.reduce(1, *)).map { _ in generator.uniform() }, shape: shape, dtype: dtype)
    }

    /// Well-conditioned square matrices `[batch..., n, n]`: random plus `n·I`.
    static func wellConditioned(batch: [Int], n: Int, dtype: DType, seed: UInt64) -> Tensor {
        random(batch + [n, n], dtype: dtype, seed: seed) + Tensor.eye(n, dtype: dtype) * Double(n)
    }

    /// Symmetric positive definite matrices `[batch..., n, n]`: `M·Mᵀ + n·I`.
    static func positiveDefinite(batch: [Int], n: Int, dtype: DType, seed: UInt64) -> Tensor {
        let m = random(batch + [n, n], dtype: dtype, seed: seed)
        return m.matmul(m.transposed()) + Tensor.eye(n, dtype: dtype) * Double(n)
    }

    /// Random symmetric matrices `[batch..., n, n]`.
    static func symmetric(batch: [Int], n: Int, dtype: DType, seed: UInt64) -> Tensor {
        let m = random(batch + [n, n], dtype: dtype, seed: seed)
        return m + m.transposed()
    }

    /// The `n × n` mask with ones where `include(row, column)`.
    static func mask(_ n: Int, dtype: DType, _ include: (Int, Int) -> Bool) -> Tensor {
        Tensor((0..<n * n).map { include($0 / n, $0 % n) ? 1 : 0 }, shape: [n, n], dtype: dtype)
    }

    /// Relative tolerance for results of well-conditioned problems.
    static func tolerance(_ dtype: DType) -> Double { dtype == .float32 ? 2e-4 : 1e-10 }

    /// Asserts that every matrix of `x` (`[..., m, n]`) is zero below (`upper`) or above its diagonal.
    static func assertTriangular(_ x: Tensor, upper: Bool, file: StaticString = #filePath, line: UInt = #line) {
        let m = x.shape[x.rank - 2]
        let n = x.shape[x.rank - 1]
        for (position, value) in x.toDoubles().enumerated() {
            let row = position / n % m
            let column = position % n
            if upper ? row > column : row < column {
                XCTAssertEqual(value, 0, "entry (\(row), \(column)) of \(x.shape)", file: file, line: line)
            }
        }
    }

    /// Asserts that the columns of each matrix of `q` (`[..., m, k]`) are orthonormal: `qᵀ·q = I`.
    static func assertOrthonormalColumns(_ q: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let k = q.shape[q.rank - 1]
        let gram = q.transposed().matmul(q)
        assertClose(
            gram, Tensor.eye(k, dtype: q.dtype).expanded(to: gram.shape), relativeTolerance: tolerance(q.dtype),
            absoluteTolerance: tolerance(q.dtype), "qᵀq = I", file: file, line: line)
    }
}

/// Cholesky factorization and solve, and the errors' messages.
final class LinearAlgebraTests: XCTestCase {
    typealias T = LinearAlgebraTesting

    func testCholeskyReconstructsBatchedMatrices() throws {
        for dtype in T.dtypes {
            let a = T.positiveDefinite(batch: [2, 3], n: 5, dtype: dtype, seed: 1)
            let l = try Linalg.cholesky(a)
            XCTAssertEqual(l.shape, [2, 3, 5, 5])
            XCTAssertEqual(l.dtype, dtype)
            T.assertTriangular(l, upper: false)
            assertClose(
                l.matmul(l.transposed()), a, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype), "L·Lᵀ = A \(dtype)")
            let u = try Linalg.cholesky(a, upper: true)
            T.assertTriangular(u, upper: true)
            assertClose(
                u.transposed().matmul(u), a, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype), "Uᵀ·U = A \(dtype)")
            assertClose(
                u, l.transposed(), relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "U = Lᵀ \(dtype)")
        }
    }

    /// potri's inverse from either factor equals the LU inverse, both triangles filled (n = 70 spans two of the
    /// mirror's 64-wide tiles), for a batch and a non-contiguous factor.
    func testCholeskyInverseEqualsTheInverse() throws {
        for dtype in T.dtypes {
            for n in [1, 5, 70] {
                let a = T.positiveDefinite(batch: [2], n: n, dtype: dtype, seed: 6)
                let expected = try Linalg.inverse(a)
                let tolerance = T.tolerance(dtype) * 10
                assertClose(
                    try Linalg.choleskyInverse(try Linalg.cholesky(a)), expected, relativeTolerance: tolerance,
                    absoluteTolerance: tolerance, "lower \(dtype) n \(n)")
                assertClose(
                    try Linalg.choleskyInverse(try Linalg.cholesky(a, upper: true), upper: true), expected,
                    relativeTolerance: tolerance, absoluteTolerance: tolerance, "upper \(dtype) n \(n)")
                // Lᵀ viewed transposed is L again, not contiguous.
                let view = try Linalg.cholesky(a, upper: true).transposed()
                XCTAssertFalse(view.isContiguous && n > 1)
                assertClose(
                    try Linalg.choleskyInverse(view), expected, relativeTolerance: tolerance,
                    absoluteTolerance: tolerance, "view \(dtype) n \(n)")
            }
        }
        XCTAssertThrowsError(try Linalg.choleskyInverse(Tensor([1.0, 0, 1, 0], shape: [2, 2]))) { error in
            XCTAssertEqual(
                error as? LinearAlgebraError,
                .singular(operation: "choleskyInverse", shape: [2, 2], batchIndex: [], pivot: 1))
        }
    }

    func testCholeskyKnownFactor() throws {
        let a = Tensor([4.0, 2, 2, 10], shape: [2, 2])
        XCTAssertEqual(try Linalg.cholesky(a).toDoubles(), [2, 0, 1, 3])
        XCTAssertEqual(try Linalg.cholesky(a, upper: true).toDoubles(), [2, 1, 0, 3])
    }

    func testCholeskyReadsOnlyItsTriangle() throws {
        for dtype in T.dtypes {
            let n = 4
            let a = T.positiveDefinite(batch: [2], n: n, dtype: dtype, seed: 2)
            let garbage = T.random([2, n, n], dtype: dtype, seed: 3) * 100
            let lowerOnly = a * T.mask(n, dtype: dtype) { $0 >= $1 } + garbage * T.mask(n, dtype: dtype) { $0 < $1 }
            let upperOnly = a * T.mask(n, dtype: dtype) { $0 <= $1 } + garbage * T.mask(n, dtype: dtype) { $0 > $1 }
            assertClose(
                try Linalg.cholesky(lowerOnly), try Linalg.cholesky(a), relativeTolerance: 0, absoluteTolerance: 0)
            assertClose(
                try Linalg.cholesky(upperOnly, upper: true), try Linalg.cholesky(a, upper: true), relativeTolerance: 0,
                absoluteTolerance: 0)
        }
    }

    func testCholeskyOfNonContiguousViews() throws {
        for dtype in T.dtypes {
            // Batch axis last in memory, viewed back in front.
            let dense = T.positiveDefinite(batch: [3], n: 4, dtype: dtype, seed: 4)
            let permuted = dense.permuted([1, 2, 0]).contiguous().permuted([2, 0, 1])
            XCTAssertFalse(permuted.isContiguous)
            assertClose(
                try Linalg.cholesky(permuted), try Linalg.cholesky(dense), relativeTolerance: 0, absoluteTolerance: 0)
            // Every other matrix of a batch.
            let batch = T.positiveDefinite(batch: [6], n: 4, dtype: dtype, seed: 5)
            let sliced = batch.sliced(axis: 0, step: 2)
            let l = try Linalg.cholesky(sliced)
            assertClose(
                l.matmul(l.transposed()), sliced, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            // A transposed view of a symmetric matrix is the same matrix.
            let transposed = dense.transposed()
            XCTAssertFalse(transposed.isContiguous)
            assertClose(
                try Linalg.cholesky(transposed), try Linalg.cholesky(dense), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testCholeskyThrowsNamingTheMatrixThatIsNotPositiveDefinite() throws {
        for dtype in T.dtypes {
            // Matrix [1] is positive semi-definite with a singular leading 2 × 2 minor.
            let good = [4.0, 2, 0, 2, 5, 0, 0, 0, 1]
            let bad = [4.0, 2, 0, 2, 1, 0, 0, 0, 1]
            let a = Tensor(good + bad + good, shape: [3, 3, 3], dtype: dtype)
            XCTAssertThrowsError(try Linalg.cholesky(a)) { error in
                XCTAssertEqual(
                    error as? LinearAlgebraError,
                    .notPositiveDefinite(operation: "cholesky", shape: [3, 3, 3], batchIndex: [1], order: 2))
                let message = "\(error)"
                for part in ["cholesky", "[3, 3, 3]", "[1]", "not positive definite"] {
                    XCTAssertTrue(message.contains(part), "\(message) lacks \(part)")
                }
            }
            let negative = Tensor([-1.0], shape: [1, 1], dtype: dtype)
            XCTAssertThrowsError(try Linalg.cholesky(negative)) { error in
                XCTAssertEqual(
                    "\(error)",
                    "cholesky: the matrix [1, 1] is not positive definite (its leading minor of order 1 is not positive)"
                )
            }
        }
    }

    func testCholeskyOfNaNPropagatesOrThrowsInsteadOfStopping() {
        // LAPACKE's NaN pre-scan would report an invalid argument, which stops the process.
        // Either outcome is acceptable, and each is checked: a factor carrying the NaN, or a thrown
        // not-positive-definite error naming cholesky and the shape.
        let a = Tensor([Double.nan, 0, 0, 1], shape: [2, 2])
        do {
            let l = try Linalg.cholesky(a)
            XCTAssertTrue(l.toDoubles().contains { $0.isNaN }, "the factor of a NaN matrix must carry the NaN")
        } catch let error as LinearAlgebraError {
            guard case .notPositiveDefinite(let operation, let shape, _, _) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(operation, "cholesky")
            XCTAssertEqual(shape, [2, 2])
        } catch {
            XCTFail("unexpected error \(error)")
        }
    }

    func testCholeskySolve() throws {
        for dtype in T.dtypes {
            let a = T.positiveDefinite(batch: [2, 3], n: 5, dtype: dtype, seed: 6)
            let b = T.random([2, 3, 5, 2], dtype: dtype, seed: 7)
            let l = try Linalg.cholesky(a)
            let x = Linalg.choleskySolve(l, b)
            XCTAssertEqual(x.shape, [2, 3, 5, 2])
            assertClose(
                a.matmul(x), b, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "A·X = B \(dtype)")
            let u = try Linalg.cholesky(a, upper: true)
            assertClose(
                Linalg.choleskySolve(u, b, upper: true), x, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            // Vectors, and a right-hand side broadcast against the batch.
            let vector = T.random([2, 3, 5], dtype: dtype, seed: 8)
            let y = Linalg.choleskySolve(l, vector)
            XCTAssertEqual(y.shape, [2, 3, 5])
            assertClose(
                a.matmul(y.unsqueezed(axis: -1)).squeezed(axis: -1), vector, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            let shared = T.random([5, 4], dtype: dtype, seed: 9)
            let z = Linalg.choleskySolve(l, shared)
            XCTAssertEqual(z.shape, [2, 3, 5, 4])
            assertClose(
                a.matmul(z), shared.expanded(to: [2, 3, 5, 4]), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testErrorDescriptions() {
        XCTAssertEqual(
            "\(LinearAlgebraError.singular(operation: "solve", shape: [2, 3, 3], batchIndex: [1], pivot: 2))",
            "solve: matrix [1] of the batch [2, 3, 3] is singular (pivot 2 is zero)")
        XCTAssertEqual(
            "\(LinearAlgebraError.notConverged(operation: "svd", shape: [4, 4], batchIndex: []))",
            "svd: the iteration did not converge on the matrix [4, 4]")
    }
}
