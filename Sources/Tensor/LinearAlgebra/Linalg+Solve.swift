extension Linalg {
    /// Solves `A·X = B` for square `A` by LU with partial pivoting (LAPACK `getrf`, `getrs`).
    ///
    /// Each matrix of `A`'s own batch is factored once and shared by every right-hand side broadcast against it, so
    /// `solve(a [n, n], b [1000, n, k])` costs one factorization.
    /// - Parameters:
    ///   - a: `[..., n, n]`.
    ///   - b: `[..., n, k]`, or vectors `[..., n]` when `b` has rank 1 or exactly the shape of `a` without its last
    ///     axis. Batch axes broadcast with `a`'s.
    /// - Returns: `X` in the form of `b`: `[..., n, k]` or `[..., n]`, over the broadcast batch.
    /// - Throws: `LinearAlgebraError.singular` for the first matrix of `a` with an exactly zero pivot.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (batch, n) = squareMatrixShape(a, op: "solve")
        checkSameDType(a, b, op: "solve")
        let rhs = RightHandSide(b.shape, against: a.shape, rows: n, op: "solve")
        let x =
            a.dtype == .float32
            ? try solve(a, rhs.matrices(b), aBatch: batch, rhs: rhs, Float.self)
            : try solve(a, rhs.matrices(b), aBatch: batch, rhs: rhs, Double.self)
        return rhs.solution(x)
    }

    private static func solve<T: LapackFloat>(
        _ a: Tensor, _ b: Tensor, aBatch: [Int], rhs: RightHandSide, _: T.Type
    ) throws -> Tensor {
        let n = rhs.rows
        // To LAPACK the row-major copy is Aᵀ: factor it, then getrs with trans = T solves (Aᵀ)ᵀ·X = B.
        let lu = LapackBatch<T>(rowMajorCopyOf: a)
        let x = LapackBatch<T>(columnMajorCopyOf: b)
        let source = sourceIndices(of: aBatch, broadcastTo: rhs.batch)
        var pivots = [Int32](repeating: 0, count: max(1, lu.count * n))
        try pivots.withUnsafeMutableBufferPointer { pivots in
            let pivots = pivots.baseAddress!
            for index in 0..<lu.count {
                let info = T.getrf(m: n, n: n, a: lu[index], lda: n, ipiv: pivots + index * n)
                if info > 0 {
                    throw LinearAlgebraError.singular(
                        operation: "solve", shape: a.shape, batchIndex: batchIndex(index, in: aBatch), pivot: info - 1)
                }
            }
            for index in 0..<x.count {
                let matrix = source[index]
                _ = T.getrs(
                    trans: "T", n: n, nrhs: rhs.columns, a: lu[matrix], lda: n, ipiv: pivots + matrix * n,
                    b: x[index], ldb: n)
            }
        }
        return x.columnMajorMatrices
    }

    /// The inverse `A⁻¹` of square matrices, by LU (LAPACK `getrf`, `getri`).
    ///
    /// To solve a system prefer `solve(_:_:)`, which is cheaper and more accurate than multiplying by the inverse.
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `[..., n, n]`.
    /// - Throws: `LinearAlgebraError.singular` for the first matrix with an exactly zero pivot.
    public static func inverse(_ a: Tensor) throws -> Tensor {
        let (batch, n) = squareMatrixShape(a, op: "inverse")
        return a.dtype == .float32
            ? try inverse(a, batch: batch, n: n, Float.self) : try inverse(a, batch: batch, n: n, Double.self)
    }

    private static func inverse<T: LapackFloat>(_ a: Tensor, batch: [Int], n: Int, _: T.Type) throws -> Tensor {
        // To LAPACK the row-major copy is Aᵀ; its inverse (Aᵀ)⁻¹ = (A⁻¹)ᵀ, read back row-major, is A⁻¹.
        let inverse = LapackBatch<T>(rowMajorCopyOf: a)
        var pivots = [Int32](repeating: 0, count: max(1, n))
        for index in 0..<inverse.count {
            let info = T.getrf(m: n, n: n, a: inverse[index], lda: n, ipiv: &pivots)
            if info > 0 {
                throw LinearAlgebraError.singular(
                    operation: "inverse", shape: a.shape, batchIndex: batchIndex(index, in: batch), pivot: info - 1)
            }
            _ = T.getri(n: n, a: inverse[index], lda: n, ipiv: &pivots)
        }
        return inverse.tensor
    }
}
