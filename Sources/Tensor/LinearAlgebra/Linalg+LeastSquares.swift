extension Linalg {
    /// The least squares solution of `A·X ≈ B`: the `X` minimizing `‖A·X − B‖₂` (each column of `B` separately),
    /// and among those the one of least norm (SVD-based; LAPACK `gelsd`).
    ///
    /// Any shape and any rank: tall (overdetermined), wide (underdetermined, minimum-norm solution) and
    /// rank-deficient matrices. Singular values `σᵢ ≤ cutoff · σ₁` are treated as zero; the default `cutoff` is the
    /// machine epsilon of the dtype times `max(m, n)` (NumPy's default). For full-rank tall `A` this is
    /// `X = (AᵀA)⁻¹AᵀB`, the solution of the normal equations.
    /// - Parameters:
    ///   - a: `[..., m, n]`.
    ///   - b: `[..., m, k]`, or vectors `[..., m]` (see `solve`); batch axes broadcast with `a`'s.
    ///   - cutoff: relative threshold below which singular values count as zero (LAPACK's `rcond`).
    /// - Returns: `X` `[..., n, k]` or `[..., n]`, over the broadcast batch.
    /// - Throws: `LinearAlgebraError.notConverged` if the SVD fails on some matrix (rare).
    public static func leastSquares(_ a: Tensor, _ b: Tensor, cutoff: Double? = nil) throws -> Tensor {
        let (_, m, n) = matrixShape(a, op: "leastSquares")
        checkSameDType(a, b, op: "leastSquares")
        let rhs = RightHandSide(b.shape, against: a.shape, rows: m, op: "leastSquares")
        let matrices = a.expanded(to: rhs.batch + [m, n])
        let x =
            a.dtype == .float32
            ? try leastSquares(matrices, rhs.matrices(b), cutoff: cutoff, shape: a.shape, Float.self)
            : try leastSquares(matrices, rhs.matrices(b), cutoff: cutoff, shape: a.shape, Double.self)
        return rhs.solution(x)
    }

    private static func leastSquares<T: LapackFloat>(
        _ a: Tensor, _ b: Tensor, cutoff: Double?, shape: [Int], _: T.Type
    ) throws -> Tensor {
        let m = a.shape[a.rank - 2]
        let n = a.shape[a.rank - 1]
        let k = b.shape[b.rank - 1]
        let batch = Array(a.shape.dropLast(2))
        let work = LapackBatch<T>(columnMajorCopyOf: a)
        // LAPACK overwrites B (m × k) with X (n × k): the buffer has room for the taller of the two.
        let x = LapackBatch<T>(columnMajorCopyOf: b, leadingDimension: max(m, n))
        let rcond = T(cutoff ?? Double(T.ulpOfOne) * Double(max(m, n)))
        var singularValues = [T](repeating: 0, count: max(1, min(m, n)))
        var rank: Int32 = 0
        for index in 0..<work.count {
            let info = T.gelsd(
                m: m, n: n, nrhs: k, a: work[index], lda: m, b: x[index], ldb: max(m, n), s: &singularValues,
                rcond: rcond, rank: &rank)
            if info > 0 {
                throw LinearAlgebraError.notConverged(
                    operation: "leastSquares", shape: shape, batchIndex: batchIndex(index, in: batch))
            }
        }
        return x.tensor.sliced(axis: -1, start: 0, end: n).transposed().contiguous()
    }
}
