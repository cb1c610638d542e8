import Foundation
import Tensor
import TestSupport
import XCTest

/// QR, SVD and eigendecompositions, checked by reconstruction.
final class LinearAlgebraDecompositionTests: XCTestCase {
    typealias T = LinearAlgebraTesting

    /// The (rows, columns) of the test matrices: tall, wide and square.
    let sizes = [(6, 4), (4, 6), (5, 5)]

    func testQRReconstructsTallWideAndSquare() {
        for dtype in T.dtypes {
            for (m, n) in sizes {
                for reduced in [true, false] {
                    let a = T.random([2, m, n], dtype: dtype, seed: UInt64(100 + m))
                    let (q, r) = Linalg.qr(a, reduced: reduced)
                    let columns = reduced ? min(m, n) : m
                    let context = "\(dtype) [\(m), \(n)] reduced: \(reduced)"
                    XCTAssertEqual(q.shape, [2, m, columns], context)
                    XCTAssertEqual(r.shape, [2, columns, n], context)
                    assertClose(
                        q.matmul(r), a, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                        "Q·R = A \(context)")
                    T.assertOrthonormalColumns(q)
                    T.assertTriangular(r, upper: true)
                }
            }
        }
    }

    func testQROfNonContiguousViewsAndEmptyMatrices() {
        for dtype in T.dtypes {
            let view = T.random([3, 4, 6], dtype: dtype, seed: 110).transposed().sliced(axis: 0, step: 2)
            XCTAssertFalse(view.isContiguous)
            let (q, r) = Linalg.qr(view)
            assertClose(q.matmul(r), view, relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype))
            let (denseQ, denseR) = Linalg.qr(view.contiguous())
            assertClose(q, denseQ, relativeTolerance: 0, absoluteTolerance: 0)
            assertClose(r, denseR, relativeTolerance: 0, absoluteTolerance: 0)
            // The complete Q of a matrix without columns is the identity.
            let (emptyQ, emptyR) = Linalg.qr(Tensor.zeros([3, 0], dtype: dtype), reduced: false)
            XCTAssertEqual(emptyQ.toDoubles(), Tensor.eye(3, dtype: dtype).toDoubles())
            XCTAssertEqual(emptyR.shape, [3, 0])
        }
    }

    func testSVDReconstructsTallWideAndSquare() throws {
        for dtype in T.dtypes {
            for (m, n) in sizes {
                for full in [false, true] {
                    let k = min(m, n)
                    let a = T.random([2, m, n], dtype: dtype, seed: UInt64(120 + m))
                    let (u, s, vh) = try Linalg.svd(a, fullMatrices: full)
                    let context = "\(dtype) [\(m), \(n)] full: \(full)"
                    XCTAssertEqual(u.shape, [2, m, full ? m : k], context)
                    XCTAssertEqual(s.shape, [2, k], context)
                    XCTAssertEqual(vh.shape, [2, full ? n : k, n], context)
                    let uk = u.sliced(axis: -1, end: k)
                    let vhk = vh.sliced(axis: -2, end: k)
                    assertClose(
                        (uk * s.unsqueezed(axis: -2)).matmul(vhk), a, relativeTolerance: T.tolerance(dtype),
                        absoluteTolerance: T.tolerance(dtype), "U·diag(S)·Vh = A \(context)")
                    T.assertOrthonormalColumns(u)
                    T.assertOrthonormalColumns(vh.transposed())
                    for row in s.toDoubles().chunked(k) {
                        XCTAssertEqual(row, row.sorted(by: >), "descending \(context)")
                        XCTAssertTrue(row.allSatisfy { $0 >= 0 }, "non-negative \(context)")
                    }
                    assertClose(
                        try Linalg.singularValues(a), s, relativeTolerance: T.tolerance(dtype),
                        absoluteTolerance: T.tolerance(dtype), context)
                }
            }
        }
    }

    func testSVDKnownValuesViewsAndEmptyMatrices() throws {
        for dtype in T.dtypes {
            let a = Tensor([0.0, -2, 0, 3, 0, 0, 0, 0, 1], shape: [3, 3], dtype: dtype)
            assertClose(
                try Linalg.singularValues(a), Tensor([3.0, 2, 1], shape: [3], dtype: dtype), relativeTolerance: 1e-6,
                absoluteTolerance: 1e-6)
            let view = T.random([2, 5, 3], dtype: dtype, seed: 130).permuted([0, 2, 1])
            XCTAssertFalse(view.isContiguous)
            let (u, s, vh) = try Linalg.svd(view)
            assertClose(
                (u * s.unsqueezed(axis: -2)).matmul(vh), view, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            assertClose(
                s, try Linalg.singularValues(view.contiguous()), relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            let (emptyU, emptyS, emptyVh) = try Linalg.svd(Tensor.zeros([0, 3], dtype: dtype), fullMatrices: true)
            XCTAssertEqual(emptyU.shape, [0, 0])
            XCTAssertEqual(emptyS.shape, [0])
            XCTAssertEqual(emptyVh.toDoubles(), Tensor.eye(3, dtype: dtype).toDoubles())
        }
    }

    func testEighReconstructsSymmetricMatrices() throws {
        for dtype in T.dtypes {
            let n = 5
            let a = T.symmetric(batch: [2, 3], n: n, dtype: dtype, seed: 140)
            let (values, vectors) = try Linalg.eigh(a)
            XCTAssertEqual(values.shape, [2, 3, n])
            XCTAssertEqual(vectors.shape, [2, 3, n, n])
            assertClose(
                (vectors * values.unsqueezed(axis: -2)).matmul(vectors.transposed()), a,
                relativeTolerance: T.tolerance(dtype), absoluteTolerance: T.tolerance(dtype),
                "V·diag(λ)·Vᵀ = A \(dtype)")
            T.assertOrthonormalColumns(vectors)
            for row in values.toDoubles().chunked(n) { XCTAssertEqual(row, row.sorted(), "ascending \(dtype)") }
            // Only the named triangle is read.
            let garbage = T.random([2, 3, n, n], dtype: dtype, seed: 141) * 100
            let upperOnly = a * T.mask(n, dtype: dtype) { $0 <= $1 } + garbage * T.mask(n, dtype: dtype) { $0 > $1 }
            let lowerOnly = a * T.mask(n, dtype: dtype) { $0 >= $1 } + garbage * T.mask(n, dtype: dtype) { $0 < $1 }
            assertClose(
                try Linalg.eigh(upperOnly, upper: true).eigenvalues, values, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            assertClose(
                try Linalg.eigh(lowerOnly).eigenvalues, values, relativeTolerance: T.tolerance(dtype),
                absoluteTolerance: T.tolerance(dtype))
            // A sliced, permuted view.
            let view = a.permuted([1, 0, 2, 3]).sliced(axis: 0, start: 1)
            XCTAssertFalse(view.isContiguous)
            assertClose(
                try Linalg.eigh(view).eigenvalues, try Linalg.eigh(view.contiguous()).eigenvalues, relativeTolerance: 0,
                absoluteTolerance: 0)
        }
    }

    func testEighKnownMatrix() throws {
        let (values, vectors) = try Linalg.eigh(Tensor([2.0, 1, 1, 2], shape: [2, 2]))
        XCTAssertEqual(values.toDoubles()[0], 1, accuracy: 1e-14)
        XCTAssertEqual(values.toDoubles()[1], 3, accuracy: 1e-14)
        for entry in vectors.toDoubles() { XCTAssertEqual(Swift.abs(entry), 0.5.squareRoot(), accuracy: 1e-14) }
    }

    /// Asserts `A·V = V·diag(λ)` in complex arithmetic and unit-norm eigenvectors, relative to `scale`.
    func assertEigenpairs(
        _ a: Tensor, _ values: ComplexTensor, _ vectors: ComplexTensor, tolerance: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let lambdaReal = values.real.unsqueezed(axis: -2)
        let lambdaImaginary = values.imaginary.unsqueezed(axis: -2)
        // (Vr + i·Vi)·(λr + i·λi) = (Vr·λr − Vi·λi) + i·(Vr·λi + Vi·λr), column by column.
        let real = vectors.real * lambdaReal - vectors.imaginary * lambdaImaginary
        let imaginary = vectors.real * lambdaImaginary + vectors.imaginary * lambdaReal
        assertClose(
            a.matmul(vectors.real), real, relativeTolerance: tolerance, absoluteTolerance: tolerance, "real part",
            file: file, line: line)
        assertClose(
            a.matmul(vectors.imaginary), imaginary, relativeTolerance: tolerance, absoluteTolerance: tolerance,
            "imaginary part", file: file, line: line)
        let n = a.shape[a.rank - 1]
        let norms = Tensor.ones([n], dtype: a.dtype).matmul(vectors.real.square() + vectors.imaginary.square())
        assertClose(
            norms, Tensor.ones(norms.shape, dtype: a.dtype), relativeTolerance: tolerance, absoluteTolerance: tolerance,
            "unit norm", file: file, line: line)
    }

    func testEigOfRotationHasEigenvaluesPlusMinusI() throws {
        for dtype in T.dtypes {
            let rotation = Tensor([0.0, -1, 1, 0], shape: [2, 2], dtype: dtype)
            let (values, vectors) = try Linalg.eig(rotation)
            XCTAssertEqual(values.real.toDoubles(), [0, 0])
            XCTAssertEqual(values.imaginary.toDoubles(), [1, -1])
            assertEigenpairs(rotation, values, vectors, tolerance: T.tolerance(dtype))
            // The pair's eigenvectors are conjugate.
            let columns = vectors.real.toDoubles()
            let imaginary = vectors.imaginary.toDoubles()
            XCTAssertEqual([columns[0], columns[2]], [columns[1], columns[3]])
            XCTAssertEqual([imaginary[0], imaginary[2]], [-imaginary[1], -imaginary[3]])
        }
    }

    func testEigOfRandomNonSymmetricBatch() throws {
        for dtype in T.dtypes {
            let n = 6
            let a = T.random([3, n, n], dtype: dtype, seed: 150)
            let (values, vectors) = try Linalg.eig(a)
            XCTAssertEqual(values.shape, [3, n])
            XCTAssertEqual(vectors.shape, [3, n, n])
            XCTAssertTrue(values.imaginary.toDoubles().contains { $0 != 0 }, "expected some complex eigenvalues")
            assertEigenpairs(a, values, vectors, tolerance: dtype == .float32 ? 1e-4 : 1e-10)
            // Σλ = trace A and Πλ = det A.
            let real = values.real.toDoubles()
            let imaginary = values.imaginary.toDoubles()
            let traces = a.diagonal().matmul(Tensor.ones([n], dtype: dtype)).toDoubles()
            let determinants = Linalg.determinant(a).toDoubles()
            for matrix in 0..<3 {
                var product = (1.0, 0.0)
                var sum = 0.0
                for j in matrix * n..<(matrix + 1) * n {
                    let productReal: Double = product.0 * real[j] - product.1 * imaginary[j]
                    let productImaginary: Double = product.0 * imaginary[j] + product.1 * real[j]
                    product = (productReal, productImaginary)
                    sum += real[j]
                }
                let tolerance = dtype == .float32 ? 1e-4 : 1e-12
                XCTAssertEqual(sum, traces[matrix], accuracy: tolerance)
                XCTAssertEqual(product.0, determinants[matrix], accuracy: tolerance)
                XCTAssertEqual(product.1, 0, accuracy: tolerance)
            }
            // A transposed view.
            let view = a.transposed()
            let (viewValues, viewVectors) = try Linalg.eig(view)
            assertEigenpairs(view, viewValues, viewVectors, tolerance: dtype == .float32 ? 1e-4 : 1e-10)
        }
    }

    /// HiPPO-LegS, the state matrix of S4: `A[i, j] = −√(2i+1)·√(2j+1)` below the diagonal, `−(i+1)` on it.
    func hippo(_ n: Int) -> Tensor {
        let entries = (0..<n * n).map { index -> Double in
            let i = index / n
            let j = index % n
            if i > j { return -(Double(2 * i + 1) * Double(2 * j + 1)).squareRoot() }
            return i == j ? -Double(i + 1) : 0
        }
        return Tensor(entries, shape: [n, n])
    }

    func testEigOfHiPPOMatrixAndItsPerturbation() throws {
        // Lower triangular: the eigenvalues are −1, …, −n, real.
        let (values, _) = try Linalg.eig(hippo(8))
        let sorted = values.real.toDoubles().sorted(by: >)
        for (index, value) in sorted.enumerated() { XCTAssertEqual(value, -Double(index + 1), accuracy: 1e-6) }
        for value in values.imaginary.toDoubles() { XCTAssertEqual(value, 0, accuracy: 1e-6) }
        // S4-PTD diagonalizes the non-normal HiPPO matrix plus a small perturbation. The eigenvectors are badly
        // conditioned, but each pair still satisfies A·v = λ·v to rounding relative to ‖A‖.
        let n = 16
        let perturbed = hippo(n) + T.random([n, n], dtype: .float64, seed: 160) * 1e-3
        let (perturbedValues, perturbedVectors) = try Linalg.eig(perturbed)
        assertEigenpairs(perturbed, perturbedValues, perturbedVectors, tolerance: 1e-11)
    }

    func testEigOfTriangularMatrixIsItsDiagonal() throws {
        for dtype in T.dtypes {
            let a =
                T.random([4, 4], dtype: dtype, seed: 170) * T.mask(4, dtype: dtype) { $0 < $1 }
                + Tensor.eye(4, dtype: dtype) * Tensor([1.0, 2, 3, 4], shape: [4], dtype: dtype)
            let (values, vectors) = try Linalg.eig(a)
            XCTAssertEqual(values.real.toDoubles().sorted(), [1, 2, 3, 4])
            XCTAssertEqual(values.imaginary.toDoubles(), [0, 0, 0, 0])
            assertEigenpairs(a, values, vectors, tolerance: T.tolerance(dtype))
        }
    }
}

extension Array {
    /// Consecutive pieces of `size` elements.
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
