extension Linalg {
    /// The QR decomposition `A = Q·R`: `Q` with orthonormal columns, `R` upper triangular (Householder; LAPACK
    /// `geqrf`, `orgqr`).
    ///
    /// With `k = min(m, n)`: reduced (the default) gives `Q [m, k]`, `R [k, n]`; complete (`reduced: false`) gives
    /// square orthogonal `Q [m, m]` and `R [m, n]`. The diagonal of `R` may be negative (LAPACK's convention).
    /// - Parameter a: `[..., m, n]`.
    /// - Returns: `q` `[..., m, k]` or `[..., m, m]`, and `r` `[..., k, n]` or `[..., m, n]`.
    public static func qr(_ a: Tensor, reduced: Bool = true) -> (q: Tensor, r: Tensor) {
        let (batch, m, n) = matrixShape(a, op: "qr")
        return a.dtype == .float32
            ? qr(a, reduced: reduced, batch: batch, m: m, n: n, Float.self)
            : qr(a, reduced: reduced, batch: batch, m: m, n: n, Double.self)
    }

    private static func qr<T: LapackFloat>(
        _ a: Tensor, reduced: Bool, batch: [Int], m: Int, n: Int, _: T.Type
    ) -> (q: Tensor, r: Tensor) {
        let k = min(m, n)
        let qColumns = reduced ? k : m
        let factors = LapackBatch<T>(columnMajorCopyOf: a)
        let r = LapackBatch<T>(zeros: batch + [qColumns, n])
        // Q is built in its own column-major buffer, wide enough for the complete Q when m > n.
        let q = LapackBatch<T>(zeros: batch + [qColumns, m])
        var tau = [T](repeating: 0, count: max(1, k))
        for index in 0..<factors.count {
            let factor = factors[index]
            let rMatrix = r[index]
            let qMatrix = q[index]
            _ = T.geqrf(m: m, n: n, a: factor, lda: m, tau: &tau)
            for column in 0..<n {
                for row in 0..<min(column + 1, qColumns) {
                    rMatrix[row * n + column] = factor[column * m + row]
                }
            }
            qMatrix.update(from: factor, count: m * min(qColumns, n))
            _ = T.orgqr(m: m, n: qColumns, k: k, a: qMatrix, lda: m, tau: &tau)
        }
        return (q.columnMajorMatrices, r.tensor)
    }
}
