extension Linalg {
    /// The singular value decomposition `A = U·diag(S)·Vh` (divide and conquer; LAPACK `gesdd`).
    ///
    /// With `k = min(m, n)`: `S [k]` is non-negative and descending. Reduced (the default) gives `U [m, k]` and
    /// `Vh [k, n]` with orthonormal columns and rows; `fullMatrices` gives square orthogonal `U [m, m]` and
    /// `Vh [n, n]`. Singular vectors are unique only up to sign (and rotation within repeated singular values).
    /// - Parameter a: `[..., m, n]`.
    /// - Returns: `u` `[..., m, k]` or `[..., m, m]`, `s` `[..., k]`, `vh` `[..., k, n]` or `[..., n, n]`.
    /// - Throws: `LinearAlgebraError.notConverged` if the iteration fails on some matrix (rare).
    public static func svd(_ a: Tensor, fullMatrices: Bool = false) throws -> (u: Tensor, s: Tensor, vh: Tensor) {
        let (batch, m, n) = matrixShape(a, op: "svd")
        return a.dtype == .float32
            ? try svd(a, fullMatrices: fullMatrices, batch: batch, m: m, n: n, Float.self)
            : try svd(a, fullMatrices: fullMatrices, batch: batch, m: m, n: n, Double.self)
    }

    private static func svd<T: LapackFloat>(
        _ a: Tensor, fullMatrices: Bool, batch: [Int], m: Int, n: Int, _: T.Type
    ) throws -> (u: Tensor, s: Tensor, vh: Tensor) {
        let k = min(m, n)
        let uColumns = fullMatrices ? m : k
        let vhRows = fullMatrices ? n : k
        if k == 0 {
            // LAPACK returns at once for an empty matrix; the square factors of an empty matrix are identities.
            return (
                Tensor.eye(m, uColumns, dtype: a.dtype).expanded(to: batch + [m, uColumns]).contiguous(),
                Tensor.zeros(batch + [0], dtype: a.dtype),
                Tensor.eye(vhRows, n, dtype: a.dtype).expanded(to: batch + [vhRows, n]).contiguous()
            )
        }
        // To LAPACK the row-major copy is M = Aᵀ (n × m), and M = U'·S·V'ᵀ means A = V'·S·U'ᵀ: A's U is V' and its
        // Vh is U'ᵀ. LAPACK writes V'ᵀ column-major (uColumns × m), which read row-major is V' = U [m, uColumns];
        // and U' column-major (n × vhRows), which read row-major is U'ᵀ = Vh [vhRows, n]. No transposed copies.
        let work = LapackBatch<T>(rowMajorCopyOf: a)
        let u = LapackBatch<T>(uninitializedShape: batch + [m, uColumns])
        let vh = LapackBatch<T>(uninitializedShape: batch + [vhRows, n])
        let s = LapackBatch<T>(uninitializedShape: batch + [1, k])
        for index in 0..<work.count {
            let info = T.gesdd(
                jobz: fullMatrices ? "A" : "S", m: n, n: m, a: work[index], lda: n, s: s[index], u: vh[index], ldu: n,
                vt: u[index], ldvt: uColumns)
            if info > 0 {
                throw LinearAlgebraError.notConverged(
                    operation: "svd", shape: a.shape, batchIndex: batchIndex(index, in: batch))
            }
        }
        return (u.tensor, s.tensor.reshaped(batch + [k]), vh.tensor)
    }

    /// The singular values of `A`, non-negative and descending (LAPACK `gesdd` without vectors).
    /// - Parameter a: `[..., m, n]`.
    /// - Returns: `[..., min(m, n)]`.
    /// - Throws: `LinearAlgebraError.notConverged` if the iteration fails on some matrix (rare).
    public static func singularValues(_ a: Tensor) throws -> Tensor {
        let (batch, m, n) = matrixShape(a, op: "singularValues")
        return a.dtype == .float32
            ? try singularValues(a, batch: batch, m: m, n: n, Float.self)
            : try singularValues(a, batch: batch, m: m, n: n, Double.self)
    }

    private static func singularValues<T: LapackFloat>(
        _ a: Tensor, batch: [Int], m: Int, n: Int, _: T.Type
    ) throws -> Tensor {
        let k = min(m, n)
        // To LAPACK the row-major copy is Aᵀ, which has the same singular values.
        let work = LapackBatch<T>(rowMajorCopyOf: a)
        let s = LapackBatch<T>(uninitializedShape: batch + [1, k])
        for index in 0..<work.count where k > 0 {
            let info = T.gesdd(
                jobz: "N", m: n, n: m, a: work[index], lda: n, s: s[index], u: nil, ldu: 1, vt: nil, ldvt: 1)
            if info > 0 {
                throw LinearAlgebraError.notConverged(
                    operation: "singularValues", shape: a.shape, batchIndex: batchIndex(index, in: batch))
            }
        }
        return s.tensor.reshaped(batch + [k])
    }
}
