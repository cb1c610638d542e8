extension Linalg {
    /// Solves the complex system `A·X = B` by LU with partial pivoting (LAPACK `cgesv` for float32, `zgesv` for
    /// float64).
    ///
    /// The real and imaginary parts are interleaved into LAPACK's complex layout for the call and split again after.
    /// Every matrix of the broadcast batch is factored, also where `A` is broadcast.
    /// - Parameters:
    ///   - a: `[..., n, n]`.
    ///   - b: `[..., n, k]`, or vectors `[..., n]` (see the real `solve`); batch axes broadcast with `a`'s.
    /// - Returns: `X` in the form of `b`, over the broadcast batch.
    /// - Throws: `LinearAlgebraError.singular` for the first matrix with an exactly zero pivot.
    public static func solve(_ a: ComplexTensor, _ b: ComplexTensor) throws -> ComplexTensor {
        let (_, n) = squareMatrixShape(a.real, op: "solve")
        checkSameDType(a.real, b.real, op: "solve")
        let rhs = RightHandSide(b.shape, against: a.shape, rows: n, op: "solve")
        let matrices = ComplexTensor(
            real: a.real.expanded(to: rhs.batch + [n, n]), imaginary: a.imaginary.expanded(to: rhs.batch + [n, n]))
        let rightHandSides = ComplexTensor(real: rhs.matrices(b.real), imaginary: rhs.matrices(b.imaginary))
        let x =
            a.dtype == .float32
            ? try solve(matrices, rightHandSides, shape: a.shape, Float.self)
            : try solve(matrices, rightHandSides, shape: a.shape, Double.self)
        return ComplexTensor(real: rhs.solution(x.real), imaginary: rhs.solution(x.imaginary))
    }

    private static func solve<T: LapackFloat>(
        _ a: ComplexTensor, _ b: ComplexTensor, shape: [Int], _: T.Type
    ) throws -> ComplexTensor {
        let n = a.shape[a.shape.count - 1]
        let k = b.shape[b.shape.count - 1]
        let batch = Array(a.shape.dropLast(2))
        let lu = LapackBatch<T>(interleavedColumnMajorCopyOf: a)
        let x = LapackBatch<T>(interleavedColumnMajorCopyOf: b)
        var pivots = [Int32](repeating: 0, count: max(1, n))
        for index in 0..<lu.count {
            let info = T.complexGesv(n: n, nrhs: k, a: lu[index], lda: n, ipiv: &pivots, b: x[index], ldb: n)
            if info > 0 {
                throw LinearAlgebraError.singular(
                    operation: "solve", shape: shape, batchIndex: batchIndex(index, in: batch), pivot: info - 1)
            }
        }
        return x.interleavedColumnMajorMatrices
    }
}
