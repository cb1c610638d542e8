import Foundation
import Tensor
import TestSupport
import XCTest

/// Linear solves, inverse, determinants and least squares.
final class LinearAlgebraSolveTests: XCTestCase {
    typealias T = LinearAlgebraTesting

    func testSolveBatchedMatrixAndVectorRightHandSides() throws {
        for dtype in T.dtypes {
            let a = T.wellConditioned(batch: [2, 3], n: 4, dtype: dtype, seed: 10)
            let b = T.random([2, 3, 4, 2], dtype: dtype, seed: 11)
            let x = try Linalg.solve(a, b)
            XCTAssertEqual(x.shape, [2, 3, 4, 2])
            assertClose(
                a.matmul(x), b, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "A·X = B \(dtype)")
            // B with the shape of A minus its last axis is a batch of vectors.
            let vector = T.random([2, 3, 4], dtype: dtype, seed: 12)
            let y = try Linalg.solve(a, vector)
            XCTAssertEqual(y.shape, [2, 3, 4])
            assertClose(
                a.matmul(y.unsqueezed(axis: -1)).squeezed(axis: -1), vector, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            // A rank-1 B is one vector for every matrix.
            let single = T.random([4], dtype: dtype, seed: 13)
            let z = try Linalg.solve(a, single)
            XCTAssertEqual(z.shape, [2, 3, 4])
            assertClose(
                a.matmul(z.unsqueezed(axis: -1)).squeezed(axis: -1), single.expanded(to: [2, 3, 4]),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testSolveBroadcastsBatches() throws {
        for dtype in T.dtypes {
            // One A for many right-hand sides.
            let a = T.wellConditioned(batch: [], n: 5, dtype: dtype, seed: 14)
            let b = T.random([3, 5, 2], dtype: dtype, seed: 15)
            let x = try Linalg.solve(a, b)
            XCTAssertEqual(x.shape, [3, 5, 2])
            assertClose(a.matmul(x), b, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            // Size-1 batch axes on both sides.
            let a2 = T.wellConditioned(batch: [2, 1], n: 5, dtype: dtype, seed: 16)
            let b2 = T.random([1, 3, 5, 2], dtype: dtype, seed: 17)
            let x2 = try Linalg.solve(a2, b2)
            XCTAssertEqual(x2.shape, [2, 3, 5, 2])
            assertClose(
                a2.matmul(x2), b2.expanded(to: [2, 3, 5, 2]), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testSolveNonContiguousOperands() throws {
        for dtype in T.dtypes {
            let a = T.wellConditioned(batch: [4], n: 5, dtype: dtype, seed: 18)
            let transposed = a.transposed()
            let columns = T.random([4, 3, 5], dtype: dtype, seed: 19).transposed()  // [4, 5, 3], column-major
            XCTAssertFalse(transposed.isContiguous)
            XCTAssertFalse(columns.isContiguous)
            let x = try Linalg.solve(transposed, columns)
            assertClose(
                transposed.matmul(x), columns, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            assertClose(
                x, try Linalg.solve(transposed.contiguous(), columns.contiguous()),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            let sliced = a.sliced(axis: 0, start: 1, step: 2)
            let y = try Linalg.solve(sliced, columns.sliced(axis: 0, step: 2))
            assertClose(
                sliced.matmul(y), columns.sliced(axis: 0, step: 2), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testSolveThrowsNamingTheSingularMatrix() {
        for dtype in T.dtypes {
            let regular = [2.0, 1, 0, 1, 3, 1, 0, 1, 4]
            let zeroColumn = [1.0, 0, 2, 3, 0, 4, 5, 0, 6]
            let a = Tensor(regular + zeroColumn, shape: [2, 3, 3], dtype: dtype)
            let b = T.random([2, 3], dtype: dtype, seed: 20)
            XCTAssertThrowsError(try Linalg.solve(a, b)) { error in
                guard case .singular(let operation, let shape, let batchIndex, _)? = error as? LinearAlgebraError
                else { return XCTFail("unexpected \(error)") }
                XCTAssertEqual(operation, "solve")
                XCTAssertEqual(shape, [2, 3, 3])
                XCTAssertEqual(batchIndex, [1])
                let message = "\(error)"
                for part in ["solve", "[2, 3, 3]", "[1]", "singular"] {
                    XCTAssertTrue(message.contains(part), "\(message) lacks \(part)")
                }
            }
            XCTAssertThrowsError(try Linalg.inverse(Tensor.zeros([3, 3], dtype: dtype))) { error in
                XCTAssertTrue("\(error)".hasPrefix("inverse: the matrix [3, 3] is singular"), "\(error)")
            }
        }
    }

    func testSolveWithNaNPropagatesInsteadOfStopping() throws {
        let a = Tensor([1.0, 0, 0, .nan], shape: [2, 2])
        let x = try Linalg.solve(a, Tensor([1.0, 1]))
        XCTAssertTrue(x.toDoubles().contains { $0.isNaN })
    }

    func testSolveTriangularAllSidesAndTriangles() throws {
        for dtype in T.dtypes {
            let n = 4
            let full = T.wellConditioned(batch: [2], n: n, dtype: dtype, seed: 21)
            let lowerMask = T.mask(n, dtype: dtype) { $0 >= $1 }
            let upperMask = T.mask(n, dtype: dtype) { $0 <= $1 }
            let strictLower = T.mask(n, dtype: dtype) { $0 > $1 }
            let strictUpper = T.mask(n, dtype: dtype) { $0 < $1 }
            let eye = Tensor.eye(n, dtype: dtype)
            let left = T.random([2, n, 3], dtype: dtype, seed: 22)
            let right = T.random([2, 3, n], dtype: dtype, seed: 23)
            for upper in [false, true] {
                let triangle = full * (upper ? upperMask : lowerMask)
                let unit = full * (upper ? strictUpper : strictLower) + eye
                // `full` has garbage in the other triangle (and on the diagonal for the unit case): never read.
                let x = try Linalg.solveTriangular(full, left, upper: upper)
                assertClose(
                    triangle.matmul(x), left, relativeTolerance: T.tolerance(dtype),
                    absoluteTolerance: T.tolerance(dtype), "left upper: \(upper)")
                let y = try Linalg.solveTriangular(full, right, upper: upper, left: false)
                assertClose(
                    y.matmul(triangle), right, relativeTolerance: T.tolerance(dtype),
                    absoluteTolerance: T.tolerance(dtype), "right upper: \(upper)")
                let z = try Linalg.solveTriangular(full, left, upper: upper, unitDiagonal: true)
                assertClose(
                    unit.matmul(z), left, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                    "unit upper: \(upper)")
                let w = try Linalg.solveTriangular(full, right, upper: upper, left: false, unitDiagonal: true)
                assertClose(
                    w.matmul(unit), right, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                    "unit right upper: \(upper)")
            }
        }
    }

    func testSolveTriangularNonContiguousAndBroadcast() throws {
        for dtype in T.dtypes {
            let n = 5
            let lower =
                T.wellConditioned(batch: [], n: n, dtype: dtype, seed: 24) * T.mask(n, dtype: dtype) { $0 >= $1 }
            // The transposed view of a lower triangle is an upper triangle.
            let upperView = lower.transposed()
            let b = T.random([3, 2, n], dtype: dtype, seed: 25).transposed()  // [3, n, 2]
            let x = try Linalg.solveTriangular(upperView, b, upper: true)
            XCTAssertEqual(x.shape, [3, n, 2])
            assertClose(
                upperView.matmul(x), b, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testSolveTriangularThrowsForZeroDiagonal() {
        let a = Tensor([1.0, 0, 0, 2, 0, 0, 3, 4, 5], shape: [3, 3])
        XCTAssertThrowsError(try Linalg.solveTriangular(a, Tensor.eye(3, dtype: .float64), upper: false)) { error in
            XCTAssertEqual(
                error as? LinearAlgebraError,
                .singular(operation: "solveTriangular", shape: [3, 3], batchIndex: [], pivot: 1))
        }
        XCTAssertNoThrow(
            try Linalg.solveTriangular(a, Tensor.eye(3, dtype: .float64), upper: false, unitDiagonal: true))
    }

    func testInverse() throws {
        for dtype in T.dtypes {
            let a = T.wellConditioned(batch: [3], n: 6, dtype: dtype, seed: 26)
            let inverse = try Linalg.inverse(a)
            let eye = Tensor.eye(6, dtype: dtype).expanded(to: [3, 6, 6])
            assertClose(
                a.matmul(inverse), eye, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            assertClose(
                inverse.matmul(a), eye, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            let view = a.transposed()
            assertClose(
                try Linalg.inverse(view), inverse.transposed(), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            let known = Tensor([4.0, 7, 2, 6], shape: [2, 2], dtype: dtype)
            assertClose(
                try Linalg.inverse(known), Tensor([0.6, -0.7, -0.2, 0.4], shape: [2, 2], dtype: dtype),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testDeterminantClosedForms() {
        for dtype in T.dtypes {
            let a = T.random([5, 2, 2], dtype: dtype, seed: 27)
            let values = a.toDoubles()
            let expected2 = (0..<5).map { (i: Int) -> Double in
                let e = Array(values[4 * i..<4 * i + 4])
                return e[0] * e[3] - e[1] * e[2]
            }
            assertClose(
                Linalg.determinant(a), Tensor(expected2, shape: [5], dtype: dtype),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            // Rule of Sarrus, on a non-contiguous batch.
            let b = T.random([3, 3, 6], dtype: dtype, seed: 28).sliced(axis: -1, step: 2)
            XCTAssertFalse(b.isContiguous)
            let m = b.contiguous().toDoubles()
            let expected3 = (0..<3).map { (i: Int) -> Double in
                let e = Array(m[9 * i..<9 * i + 9])
                let positive: Double = e[0] * e[4] * e[8] + e[1] * e[5] * e[6] + e[2] * e[3] * e[7]
                let negative: Double = e[2] * e[4] * e[6] + e[1] * e[3] * e[8] + e[0] * e[5] * e[7]
                return positive - negative
            }
            assertClose(
                Linalg.determinant(b), Tensor(expected3, shape: [3], dtype: dtype),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            // A triangular matrix: the product of its diagonal; swapping two rows flips the sign.
            let triangular = Tensor([2.0, 0, 0, 5, -3, 0, 7, 1, 0.5], shape: [3, 3], dtype: dtype)
            XCTAssertEqual(Linalg.determinant(triangular).shape, [])
            XCTAssertEqual(Linalg.determinant(triangular).item(), -3, accuracy: 1e-6)
            let swapped = Tensor([5.0, -3, 0, 2, 0, 0, 7, 1, 0.5], shape: [3, 3], dtype: dtype)
            XCTAssertEqual(Linalg.determinant(swapped).item(), 3, accuracy: 1e-6)
            XCTAssertEqual(Linalg.determinant(Tensor([1.0, 2, 2, 4], shape: [2, 2], dtype: dtype)).item(), 0)
            XCTAssertEqual(Linalg.determinant(Tensor.zeros([0, 0], dtype: dtype)).item(), 1)
        }
    }

    func testDeterminantOfProductAndTranspose() {
        let a = T.wellConditioned(batch: [4], n: 5, dtype: .float64, seed: 29)
        let b = T.random([4, 5, 5], dtype: .float64, seed: 30)
        let product = Linalg.determinant(a) * Linalg.determinant(b)
        assertClose(Linalg.determinant(a.matmul(b)), product, relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        assertClose(
            Linalg.determinant(a.transposed()), Linalg.determinant(a), relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
    }

    func testLogDeterminant() throws {
        for dtype in T.dtypes {
            // Positive definite: sign 1 and log|det| = log det.
            let a = T.positiveDefinite(batch: [3], n: 4, dtype: dtype, seed: 31)
            let (sign, logAbs) = Linalg.logDeterminant(a)
            XCTAssertEqual(sign.toDoubles(), [1, 1, 1])
            assertClose(
                logAbs, Linalg.determinant(a).log(), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            // It also equals 2·Σ log Lᵢᵢ from the Cholesky factor.
            let l = try Linalg.cholesky(a)
            let twiceLogDiagonal = (l.diagonal().log() * 2).matmul(Tensor.ones([4], dtype: dtype))
            assertClose(
                logAbs, twiceLogDiagonal, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            // Negative and zero determinants.
            let mixed = Tensor([0.0, 2, 3, 0, 1, 2, 2, 4], shape: [2, 2, 2], dtype: dtype)
            let (mixedSign, mixedLog) = Linalg.logDeterminant(mixed)
            XCTAssertEqual(mixedSign.toDoubles(), [-1, 0])
            XCTAssertEqual(mixedLog.toDoubles()[0], Foundation.log(6), accuracy: 1e-6)
            XCTAssertEqual(mixedLog.toDoubles()[1], -.infinity)
            // det = 10⁶⁰ overflows float32; its logarithm does not.
            let big =
                Tensor.eye(60, dtype: dtype) * 10 + T.random([60, 60], dtype: dtype, seed: 32)
                * T.mask(60, dtype: dtype) { $0 > $1 }
            let (bigSign, bigLog) = Linalg.logDeterminant(big)
            XCTAssertEqual(bigSign.item(), 1)
            XCTAssertEqual(bigLog.item(), 60 * Foundation.log(10), accuracy: dtype == .float32 ? 5e-3 : 1e-10)
        }
    }

    func testLeastSquaresTallMatchesNormalEquations() throws {
        for dtype in T.dtypes {
            let a = T.random([2, 8, 3], dtype: dtype, seed: 33)
            let b = T.random([2, 8, 2], dtype: dtype, seed: 34)
            let x = try Linalg.leastSquares(a, b)
            XCTAssertEqual(x.shape, [2, 3, 2])
            let normal = try Linalg.solve(a.transposed().matmul(a), a.transposed().matmul(b))
            assertClose(
                x, normal, relativeTolerance: dtype == .float32 ? 1e-3 : 1e-9,
                absoluteTolerance: dtype == .float32 ? 1e-3 : 1e-9)
            // Vectors, and a non-contiguous A.
            let vector = T.random([2, 8], dtype: dtype, seed: 35)
            let y = try Linalg.leastSquares(a, vector)
            XCTAssertEqual(y.shape, [2, 3])
            let normalVector = try Linalg.solve(
                a.transposed().matmul(a), a.transposed().matmul(vector.unsqueezed(axis: -1)))
            assertClose(
                y, normalVector.squeezed(axis: -1), relativeTolerance: dtype == .float32 ? 1e-3 : 1e-9,
                absoluteTolerance: dtype == .float32 ? 1e-3 : 1e-9)
            let view = T.random([2, 3, 8], dtype: dtype, seed: 36).transposed()
            assertClose(
                try Linalg.leastSquares(view, b), try Linalg.leastSquares(view.contiguous(), b),
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testLeastSquaresWideGivesMinimumNormSolution() throws {
        for dtype in T.dtypes {
            let a = T.random([3, 6], dtype: dtype, seed: 37)
            let b = T.random([3, 2], dtype: dtype, seed: 38)
            let x = try Linalg.leastSquares(a, b)
            XCTAssertEqual(x.shape, [6, 2])
            assertClose(
                a.matmul(x), b, relativeTolerance: dtype == .float32 ? 1e-3 : 1e-9,
                absoluteTolerance: dtype == .float32 ? 1e-3 : 1e-9)
            let minimumNorm = a.transposed().matmul(try Linalg.solve(a.matmul(a.transposed()), b))
            assertClose(
                x, minimumNorm, relativeTolerance: dtype == .float32 ? 1e-3 : 1e-9,
                absoluteTolerance: dtype == .float32 ? 1e-3 : 1e-9)
        }
    }

    func testLeastSquaresRankDeficient() throws {
        for dtype in T.dtypes {
            // Columns [a, a, c]: the minimum-norm solution splits the weight of a equally.
            let reduced = T.random([7, 2], dtype: dtype, seed: 39)
            let values = reduced.toDoubles()
            let duplicated = Tensor(
                (0..<7).flatMap { (row: Int) -> [Double] in [values[2 * row], values[2 * row], values[2 * row + 1]] },
                shape: [7, 3], dtype: dtype)
            let b = T.random([7], dtype: dtype, seed: 40)
            let x = try Linalg.leastSquares(duplicated, b, cutoff: dtype == .float32 ? 1e-5 : nil).toDoubles()
            let y = try Linalg.leastSquares(reduced, b).toDoubles()
            let tolerance = dtype == .float32 ? 1e-3 : 1e-9
            XCTAssertEqual(x[0], y[0] / 2, accuracy: tolerance)
            XCTAssertEqual(x[1], y[0] / 2, accuracy: tolerance)
            XCTAssertEqual(x[2], y[1], accuracy: tolerance)
        }
    }

    func testComplexSolve() throws {
        for dtype in T.dtypes {
            let n = 4
            let a = ComplexTensor(
                real: T.wellConditioned(batch: [2], n: n, dtype: dtype, seed: 41),
                imaginary: T.random([2, n, n], dtype: dtype, seed: 42))
            let b = ComplexTensor(
                real: T.random([2, n, 3], dtype: dtype, seed: 43),
                imaginary: T.random([2, n, 3], dtype: dtype, seed: 44))
            let x = try Linalg.solve(a, b)
            XCTAssertEqual(x.shape, [2, n, 3])
            // (Ar + i·Ai)(Xr + i·Xi) = (Ar·Xr − Ai·Xi) + i·(Ar·Xi + Ai·Xr)
            let real = a.real.matmul(x.real) - a.imaginary.matmul(x.imaginary)
            let imaginary = a.real.matmul(x.imaginary) + a.imaginary.matmul(x.real)
            assertClose(
                real, b.real, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "real part \(dtype)")
            assertClose(
                imaginary, b.imaginary, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "imaginary part \(dtype)")
            // Vectors, from transposed views.
            let vector = ComplexTensor(
                real: T.random([2, n], dtype: dtype, seed: 45), imaginary: T.random([2, n], dtype: dtype, seed: 46))
            let transposed = ComplexTensor(real: a.real.transposed(), imaginary: a.imaginary.transposed())
            let y = try Linalg.solve(transposed, vector)
            XCTAssertEqual(y.shape, [2, n])
            let yr = y.real.unsqueezed(axis: -1)
            let yi = y.imaginary.unsqueezed(axis: -1)
            assertClose(
                (transposed.real.matmul(yr) - transposed.imaginary.matmul(yi)).squeezed(axis: -1), vector.real,
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            assertClose(
                (transposed.real.matmul(yi) + transposed.imaginary.matmul(yr)).squeezed(axis: -1), vector.imaginary,
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
        }
    }

    func testComplexSolveKnownAndSingular() throws {
        // diag(i, 2)·x = (1, 1): x = (−i, 1/2).
        let a = ComplexTensor(
            real: Tensor([0.0, 0, 0, 2], shape: [2, 2]), imaginary: Tensor([1.0, 0, 0, 0], shape: [2, 2]))
        let b = ComplexTensor(real: Tensor([1.0, 1]), imaginary: Tensor([0.0, 0]))
        let x = try Linalg.solve(a, b)
        XCTAssertEqual(x.real.toDoubles(), [0, 0.5])
        XCTAssertEqual(x.imaginary.toDoubles(), [-1, 0])
        let singular = ComplexTensor(
            real: Tensor.zeros([2, 2], dtype: .float64), imaginary: Tensor.zeros([2, 2], dtype: .float64))
        XCTAssertThrowsError(try Linalg.solve(singular, b)) { error in
            XCTAssertTrue("\(error)".hasPrefix("solve: the matrix [2, 2] is singular"), "\(error)")
        }
    }
}
