extension Linalg {
    /// The eigendecomposition `A = V·diag(λ)·Vᵀ` of real symmetric matrices (divide and conquer; LAPACK `syevd`).
    ///
    /// Only one triangle of `A` is read: the lower one by default, the upper one when `upper`.
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `eigenvalues` `[..., n]` in ascending order, and `eigenvectors` `[..., n, n]` whose orthonormal
    ///   column `j` belongs to eigenvalue `j` (unique only up to sign, and rotation within repeated eigenvalues).
    /// - Throws: `LinearAlgebraError.notConverged` if the iteration fails on some matrix (rare).
    public static func eigh(_ a: Tensor, upper: Bool = false) throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        let (batch, n) = squareMatrixShape(a, op: "eigh")
        return a.dtype == .float32
            ? try eigh(a, upper: upper, batch: batch, n: n, Float.self)
            : try eigh(a, upper: upper, batch: batch, n: n, Double.self)
    }

    private static func eigh<T: LapackFloat>(
        _ a: Tensor, upper: Bool, batch: [Int], n: Int, _: T.Type
    ) throws -> (eigenvalues: Tensor, eigenvectors: Tensor) {
        // To LAPACK the row-major copy is Aᵀ, whose upper triangle is A's lower one, and whose symmetric completion
        // is the same matrix. LAPACK overwrites it with the eigenvectors as columns, column-major.
        let vectors = LapackBatch<T>(rowMajorCopyOf: a)
        let values = LapackBatch<T>(uninitializedShape: batch + [1, n])
        for index in 0..<vectors.count {
            let info = T.syevd(jobz: "V", uplo: upper ? "L" : "U", n: n, a: vectors[index], lda: n, w: values[index])
            if info > 0 {
                throw LinearAlgebraError.notConverged(
                    operation: "eigh", shape: a.shape, batchIndex: batchIndex(index, in: batch))
            }
        }
        return (values.tensor.reshaped(batch + [n]), vectors.columnMajorMatrices)
    }

    /// The eigendecomposition `A·V = V·diag(λ)` of general real square matrices, with complex eigenvalues and right
    /// eigenvectors (Hessenberg QR; LAPACK `geev`).
    ///
    /// Eigenvalues come in LAPACK's order (not sorted); complex conjugate pairs are adjacent, the one with positive
    /// imaginary part first, and their eigenvectors are conjugate too. Each eigenvector has unit Euclidean norm and
    /// its largest component real. For a non-normal matrix (such as S4's HiPPO matrix) the eigenvectors may be badly
    /// conditioned; work in float64.
    /// - Parameter a: `[..., n, n]`.
    /// - Returns: `eigenvalues` `[..., n]` and `eigenvectors` `[..., n, n]` (column `j` belongs to eigenvalue `j`).
    /// - Throws: `LinearAlgebraError.notConverged` if the QR iteration fails on some matrix (rare).
    public static func eig(_ a: Tensor) throws -> (eigenvalues: ComplexTensor, eigenvectors: ComplexTensor) {
        let (batch, n) = squareMatrixShape(a, op: "eig")
        return a.dtype == .float32
            ? try eig(a, batch: batch, n: n, Float.self) : try eig(a, batch: batch, n: n, Double.self)
    }

    private static func eig<T: LapackFloat>(
        _ a: Tensor, batch: [Int], n: Int, _: T.Type
    ) throws -> (eigenvalues: ComplexTensor, eigenvectors: ComplexTensor) {
        let work = LapackBatch<T>(columnMajorCopyOf: a)
        let valuesReal = LapackBatch<T>(uninitializedShape: batch + [1, n])
        let valuesImaginary = LapackBatch<T>(uninitializedShape: batch + [1, n])
        let vectorsReal = LapackBatch<T>(uninitializedShape: batch + [n, n])
        let vectorsImaginary = LapackBatch<T>(uninitializedShape: batch + [n, n])
        var packed = [T](repeating: 0, count: max(1, n * n))
        for index in 0..<work.count {
            let imaginaryParts = valuesImaginary[index]
            let info = T.geev(
                n: n, a: work[index], lda: n, wr: valuesReal[index], wi: imaginaryParts, vr: &packed, ldvr: n)
            if info > 0 {
                throw LinearAlgebraError.notConverged(
                    operation: "eig", shape: a.shape, batchIndex: batchIndex(index, in: batch))
            }
            // LAPACK packs the eigenvectors column-major: a real eigenvalue's vector is column j; a conjugate pair's
            // vectors are columns j ± i·(column j + 1).
            let real = vectorsReal[index]
            let imaginary = vectorsImaginary[index]
            var column = 0
            while column < n {
                let isPair = imaginaryParts[column] != 0 && column + 1 < n
                for row in 0..<n {
                    let x = packed[column * n + row]
                    real[row * n + column] = x
                    if isPair {
                        let y = packed[(column + 1) * n + row]
                        imaginary[row * n + column] = y
                        real[row * n + column + 1] = x
                        imaginary[row * n + column + 1] = -y
                    } else {
                        imaginary[row * n + column] = 0
                    }
                }
                column += isPair ? 2 : 1
            }
        }
        return (
            ComplexTensor(
                real: valuesReal.tensor.reshaped(batch + [n]), imaginary: valuesImaginary.tensor.reshaped(batch + [n])),
            ComplexTensor(real: vectorsReal.tensor, imaginary: vectorsImaginary.tensor)
        )
    }
}
