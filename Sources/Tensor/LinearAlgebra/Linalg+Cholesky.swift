extension Linalg {
    /// The Cholesky factor of symmetric positive definite matrices: lower `L` with `A = L·Lᵀ`, or upper `U` with
    /// `A = Uᵀ·U` when `upper` (LAPACK `potrf`).
    ///
    /// Only the triangle of `A` on the side of the factor is read (the lower one by default).
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `[..., n, n]`, zero in the other triangle.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite` for the first matrix of the batch that is not.
    public static func cholesky(_ a: Tensor, upper: Bool = false) throws -> Tensor {
        let (batch, n) = squareMatrixShape(a, op: "cholesky")
        return a.dtype == .float32
            ? try cholesky(a, upper: upper, batch: batch, n: n, Float.self)
            : try cholesky(a, upper: upper, batch: batch, n: n, Double.self)
    }

    private static func cholesky<T: LapackFloat>(
        _ a: Tensor, upper: Bool, batch: [Int], n: Int, _: T.Type
    ) throws -> Tensor {
        // To LAPACK the row-major copy is Aᵀ, whose upper triangle is A's lower one; its factor Uᵀ·U = Aᵀ, read back
        // row-major, is L = Uᵀ with L·Lᵀ = A (and the mirror image for `upper`).
        let factor = LapackBatch<T>(rowMajorCopyOf: a)
        for index in 0..<factor.count {
            let matrix = factor[index]
            let info = T.potrf(uplo: upper ? "L" : "U", n: n, a: matrix, lda: n)
            if info > 0 {
                throw LinearAlgebraError.notPositiveDefinite(
                    operation: "cholesky", shape: a.shape, batchIndex: batchIndex(index, in: batch), order: info)
            }
            // potrf leaves the other triangle as it was.
            for row in 0..<n {
                let columns = upper ? 0..<row : (row + 1)..<n
                for column in columns { matrix[row * n + column] = 0 }
            }
        }
        return factor.tensor
    }

    /// Solves `A·X = B` given the Cholesky factor of `A` (from `cholesky(_:upper:)`; LAPACK `potrs`).
    ///
    /// `X = (L·Lᵀ)⁻¹·B` for a lower factor, `(Uᵀ·U)⁻¹·B` for an upper one (`upper`). Only that triangle of the factor
    /// is read; a factor with a zero on its diagonal (which `cholesky` never returns) gives infinities.
    /// - Parameters:
    ///   - factor: `[..., n, n]`.
    ///   - b: `[..., n, k]`, or vectors `[..., n]` (see `solve`); batch axes broadcast with the factor's.
    /// - Returns: `X` in the form of `b`.
    public static func choleskySolve(_ factor: Tensor, _ b: Tensor, upper: Bool = false) -> Tensor {
        let (batch, n) = squareMatrixShape(factor, op: "choleskySolve")
        checkSameDType(factor, b, op: "choleskySolve")
        let rhs = RightHandSide(b.shape, against: factor.shape, rows: n, op: "choleskySolve")
        let x =
            factor.dtype == .float32
            ? choleskySolve(factor, rhs.matrices(b), upper: upper, factorBatch: batch, rhs: rhs, Float.self)
            : choleskySolve(factor, rhs.matrices(b), upper: upper, factorBatch: batch, rhs: rhs, Double.self)
        return rhs.solution(x)
    }

    private static func choleskySolve<T: LapackFloat>(
        _ factor: Tensor, _ b: Tensor, upper: Bool, factorBatch: [Int], rhs: RightHandSide, _: T.Type
    ) -> Tensor {
        let n = rhs.rows
        // To LAPACK the row-major copy of L is the upper factor Lᵀ of the same A = (Lᵀ)ᵀ·Lᵀ.
        let factors = LapackBatch<T>(rowMajorCopyOf: factor)
        let x = LapackBatch<T>(columnMajorCopyOf: b)
        let source = sourceIndices(of: factorBatch, broadcastTo: rhs.batch)
        for index in 0..<x.count {
            _ = T.potrs(
                uplo: upper ? "L" : "U", n: n, nrhs: rhs.columns, a: factors[source[index]], lda: n, b: x[index],
                ldb: n)
        }
        return x.columnMajorMatrices
    }
}

extension Linalg {
    /// The inverse `A⁻¹` of symmetric positive definite matrices given their Cholesky factor (from
    /// `cholesky(_:upper:)`; LAPACK `potri`): about ⅔n³ flops against 2n³ for `inverse` of `A`.
    ///
    /// Only the factor's triangle is read.
    /// - Parameter factor: `[..., n, n]`, lower (`L·Lᵀ = A`) or upper when `upper` (`Uᵀ·U = A`).
    /// - Returns: `A⁻¹`, `[..., n, n]`, symmetric (both triangles filled).
    /// - Throws: `LinearAlgebraError.singular` when the factor has a zero on its diagonal.
    public static func choleskyInverse(_ factor: Tensor, upper: Bool = false) throws -> Tensor {
        let (batch, n) = squareMatrixShape(factor, op: "choleskyInverse")
        return factor.dtype == .float32
            ? try choleskyInverse(factor, upper: upper, batch: batch, n: n, Float.self)
            : try choleskyInverse(factor, upper: upper, batch: batch, n: n, Double.self)
    }

    private static func choleskyInverse<T: LapackFloat>(
        _ factor: Tensor, upper: Bool, batch: [Int], n: Int, _: T.Type
    ) throws -> Tensor {
        // As in `cholesky`: the row-major copy of L is, to LAPACK, the upper factor Lᵀ of the same A.
        let inverse = LapackBatch<T>(rowMajorCopyOf: factor)
        for index in 0..<inverse.count {
            let matrix = inverse[index]
            let info = T.potri(uplo: upper ? "L" : "U", n: n, a: matrix, lda: n)
            if info > 0 {
                throw LinearAlgebraError.singular(
                    operation: "choleskyInverse", shape: factor.shape, batchIndex: batchIndex(index, in: batch),
                    pivot: info - 1)
            }
            // potri writes the factor's triangle (row-major: the lower one for a lower factor).
            mirrorTriangle(matrix, n: n, fromUpper: upper)
        }
        return inverse.tensor
    }

    /// Copies one triangle of a row-major n×n matrix onto the other, in 64×64 tiles (a column walk over the whole
    /// matrix would miss the cache on every element).
    private static func mirrorTriangle<T>(_ matrix: UnsafeMutablePointer<T>, n: Int, fromUpper: Bool) {
        let tile = 64
        for rowStart in stride(from: 0, to: n, by: tile) {
            for columnStart in stride(from: rowStart, to: n, by: tile) {
                for row in rowStart..<min(rowStart + tile, n) {
                    for column in max(columnStart, row + 1)..<min(columnStart + tile, n) {
                        // (row, column) is in the upper triangle, (column, row) its mirror in the lower one.
                        if fromUpper {
                            matrix[column * n + row] = matrix[row * n + column]
                        } else {
                            matrix[row * n + column] = matrix[column * n + row]
                        }
                    }
                }
            }
        }
    }
}
