extension Linalg {
    /// Solves `A·X = B` (or `X·A = B` when `left` is false) for triangular `A` by substitution (LAPACK `trtrs`).
    ///
    /// Only the triangle of `A` named by `upper` is read; with `unitDiagonal` the diagonal is taken to be ones and
    /// is not read either.
    /// - Parameters:
    ///   - a: `[..., n, n]`.
    ///   - b: `[..., n, k]` when `left`, `[..., m, n]` otherwise. Batch axes broadcast with `a`'s.
    /// - Returns: `X`, the shape of `b` over the broadcast batch.
    /// - Throws: `LinearAlgebraError.singular` for the first matrix of `a` with an exactly zero diagonal entry.
    public static func solveTriangular(
        _ a: Tensor, _ b: Tensor, upper: Bool, left: Bool = true, unitDiagonal: Bool = false
    ) throws -> Tensor {
        let op = "solveTriangular"
        let (aBatch, n) = squareMatrixShape(a, op: op)
        let (bBatch, rows, columns) = matrixShape(b, op: op, name: "B")
        checkSameDType(a, b, op: op)
        if left {
            precondition(rows == n, "\(op): A \(a.shape) and B \(b.shape): row counts differ")
        } else {
            precondition(
                columns == n, "\(op): A \(a.shape) and B \(b.shape): B's column count is not A's order (left: false)")
        }
        let batch = broadcastBatch(aBatch, bBatch, op: op, shapes: (a.shape, b.shape))
        let matrices = b.expanded(to: batch + [rows, columns])
        let options = TriangularOptions(upper: upper, left: left, unitDiagonal: unitDiagonal)
        return a.dtype == .float32
            ? try solveTriangular(a, matrices, aBatch: aBatch, batch: batch, options: options, Float.self)
            : try solveTriangular(a, matrices, aBatch: aBatch, batch: batch, options: options, Double.self)
    }

    private struct TriangularOptions {
        let upper: Bool
        let left: Bool
        let unitDiagonal: Bool
    }

    private static func solveTriangular<T: LapackFloat>(
        _ a: Tensor, _ b: Tensor, aBatch: [Int], batch: [Int], options: TriangularOptions, _: T.Type
    ) throws -> Tensor {
        let n = a.shape[a.rank - 1]
        let rows = b.shape[b.rank - 2]
        let columns = b.shape[b.rank - 1]
        // To LAPACK the row-major copy of A is Aᵀ, triangular on the other side. A·X = B is (Aᵀ)ᵀ·X = B (trans = T,
        // B column-major); X·A = B is Aᵀ·Xᵀ = Bᵀ (trans = N), and a row-major copy of B is, to LAPACK, Bᵀ, whose
        // solution Xᵀ read back row-major is X.
        let triangles = LapackBatch<T>(rowMajorCopyOf: a)
        let x = options.left ? LapackBatch<T>(columnMajorCopyOf: b) : LapackBatch<T>(rowMajorCopyOf: b)
        let source = sourceIndices(of: aBatch, broadcastTo: batch)
        for index in 0..<x.count {
            let info = T.trtrs(
                uplo: options.upper ? "L" : "U", trans: options.left ? "T" : "N",
                diag: options.unitDiagonal ? "U" : "N", n: n, nrhs: options.left ? columns : rows,
                a: triangles[source[index]], lda: n, b: x[index], ldb: n)
            if info > 0 {
                throw LinearAlgebraError.singular(
                    operation: "solveTriangular", shape: a.shape, batchIndex: batchIndex(source[index], in: aBatch),
                    pivot: info - 1)
            }
        }
        return options.left ? x.columnMajorMatrices : x.tensor
    }
}
