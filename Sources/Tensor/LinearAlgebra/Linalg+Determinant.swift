extension Linalg {
    /// The determinant of square matrices, from their LU factorization `A = P·L·U` (LAPACK `getrf`):
    /// `det A = ±∏ᵢ Uᵢᵢ`, negative when the row permutation `P` is odd.
    ///
    /// An exactly singular matrix has determinant 0 (no error). For large or badly scaled matrices, whose
    /// determinant over- or underflows, use `logDeterminant(_:)`.
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `[...]` (a scalar for a single matrix).
    public static func determinant(_ a: Tensor) -> Tensor {
        let (batch, n) = squareMatrixShape(a, op: "determinant")
        return a.dtype == .float32
            ? determinant(a, batch: batch, n: n, Float.self) : determinant(a, batch: batch, n: n, Double.self)
    }

    private static func determinant<T: LapackFloat>(_ a: Tensor, batch: [Int], n: Int, _: T.Type) -> Tensor {
        let values = luFactors(a, n: n, T.self).map { factor in factor.diagonal.reduce(factor.permutationSign, *) }
        return Tensor(values, shape: batch)
    }

    /// The sign and the logarithm of the absolute value of the determinant, `det A = sign · exp(logAbsoluteValue)`,
    /// from the LU factorization (PyTorch's `slogdet`): `log|det A| = Σᵢ log|Uᵢᵢ|`.
    ///
    /// Stays finite where `determinant(_:)` over- or underflows. An exactly singular matrix has sign 0 and
    /// `logAbsoluteValue` -∞.
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `sign` (−1, 0 or 1) and `logAbsoluteValue`, both `[...]`.
    public static func logDeterminant(_ a: Tensor) -> (sign: Tensor, logAbsoluteValue: Tensor) {
        let (batch, n) = squareMatrixShape(a, op: "logDeterminant")
        return a.dtype == .float32
            ? logDeterminant(a, batch: batch, n: n, Float.self) : logDeterminant(a, batch: batch, n: n, Double.self)
    }

    private static func logDeterminant<T: LapackFloat>(
        _ a: Tensor, batch: [Int], n: Int, _: T.Type
    ) -> (sign: Tensor, logAbsoluteValue: Tensor) {
        let factors = luFactors(a, n: n, T.self)
        let signs = factors.map { factor in
            factor.diagonal.reduce(factor.permutationSign) { sign, entry in sign * ScalarMath.sign(entry) }
        }
        let logarithms = factors.map { factor in factor.diagonal.reduce(T.zero) { $0 + T.log(Swift.abs($1)) } }
        return (Tensor(signs, shape: batch), Tensor(logarithms, shape: batch))
    }

    /// For each matrix of `a` (`[..., n, n]`), the diagonal of `U` in its LU factorization `P·L·U` and the sign of
    /// the row permutation `P` (det P = ±1).
    private static func luFactors<T: LapackFloat>(
        _ a: Tensor, n: Int, _: T.Type
    ) -> [(diagonal: [T], permutationSign: T)] {
        // To LAPACK the row-major copy is Aᵀ, which has the same determinant.
        let lu = LapackBatch<T>(rowMajorCopyOf: a)
        var pivots = [Int32](repeating: 0, count: max(1, n))
        return (0..<lu.count).map { index in
            let matrix = lu[index]
            // info > 0 is an exactly zero pivot: the factorization is still complete, and the determinant 0.
            _ = T.getrf(m: n, n: n, a: matrix, lda: n, ipiv: &pivots)
            let swaps = (0..<n).filter { pivots[$0] != Int32($0 + 1) }.count
            return ((0..<n).map { matrix[$0 * (n + 1)] }, swaps % 2 == 1 ? -1 : 1)
        }
    }
}
