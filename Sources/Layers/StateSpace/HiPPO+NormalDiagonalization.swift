import Tensor

extension HiPPO {
    /// The unitary eigendecomposition A_N = V·diag(λ)·V* of the normal part, sorted by Im λ ascending.
    ///
    /// A_N = d·I + S with d the mean of its diagonal and S skew-symmetric, so −iS is Hermitian: λ = d + i·w with w the
    /// eigenvalues of −iS. Those come from the real symmetric `[2N, 2N]` embedding [[0, S], [−S, 0]] of −iS (LAPACK
    /// `syevd`), whose eigenvectors (x, y) give the complex eigenvectors x + iy; each eigenvalue appears there twice, so
    /// inside every cluster of equal eigenvalues the complex vectors are orthonormalized (Gram–Schmidt) and half kept.
    /// V is unitary to machine precision, unlike the eigenvectors of A itself.
    public func diagonalizedNormalPart() throws -> Diagonalization {
        let n = stateSize
        let diagonal = normalPart.diagonal().toDoubles()
        let shift = diagonal.reduce(0, +) / Double(n)
        let skew = normalPart - Tensor.eye(n, dtype: .float64) * shift
        let asymmetry = (skew + skew.transposed()).abs().max().item()
        precondition(
            asymmetry <= 1e-9 * Swift.max(1, skew.abs().max().item()),
            "HiPPO.diagonalizedNormalPart: the normal part is not a multiple of I plus a skew-symmetric matrix")
        let zeros = Tensor.zeros([n, n], dtype: .float64)
        let embedding = Tensor.concatenated(
            [Tensor.concatenated([zeros, skew], axis: 1), Tensor.concatenated([skew.negated(), zeros], axis: 1)],
            axis: 0)
        let (values, vectors) = try Linalg.eigh(embedding)
        let w = values.toDoubles()
        let q = vectors.toDoubles()
        let tolerance = 1e-9 * Swift.max(1, w.map(Swift.abs).max() ?? 0)

        var eigenvalues: [Double] = []
        var realParts: [[Double]] = []
        var imaginaryParts: [[Double]] = []
        var clusterStart = 0
        while clusterStart < 2 * n {
            var clusterEnd = clusterStart + 1
            while clusterEnd < 2 * n && w[clusterEnd] - w[clusterStart] <= tolerance { clusterEnd += 1 }
            var accepted: [([Double], [Double])] = []
            for column in clusterStart..<clusterEnd {
                var x = (0..<n).map { q[$0 * 2 * n + column] }
                var y = (0..<n).map { q[(n + $0) * 2 * n + column] }
                for (u, v) in accepted {
                    // ⟨u + iv, x + iy⟩ = (u·x + v·y) + i(u·y − v·x); subtract that multiple of u + iv.
                    var re = 0.0
                    var im = 0.0
                    for k in 0..<n {
                        re += u[k] * x[k] + v[k] * y[k]
                        im += u[k] * y[k] - v[k] * x[k]
                    }
                    for k in 0..<n {
                        x[k] -= re * u[k] - im * v[k]
                        y[k] -= re * v[k] + im * u[k]
                    }
                }
                var squaredNorm = 0.0
                for k in 0..<n { squaredNorm += x[k] * x[k] + y[k] * y[k] }
                let norm = squaredNorm.squareRoot()
                if norm > 0.5 { accepted.append((x.map { $0 / norm }, y.map { $0 / norm })) }
            }
            precondition(
                2 * accepted.count == clusterEnd - clusterStart,
                "HiPPO.diagonalizedNormalPart: an eigenvalue cluster of size \(clusterEnd - clusterStart) gave "
                    + "\(accepted.count) complex eigenvectors")
            for (x, y) in accepted {
                eigenvalues.append(w[clusterStart])
                realParts.append(x)
                imaginaryParts.append(y)
            }
            clusterStart = clusterEnd
        }
        // Columns are eigenvectors: transpose the lists of vectors.
        let vectorsReal = Tensor(realParts.flatMap { $0 }, shape: [n, n]).transposed().contiguous()
        let vectorsImaginary = Tensor(imaginaryParts.flatMap { $0 }, shape: [n, n]).transposed().contiguous()
        return Diagonalization(
            eigenvalues: ComplexTensor(
                real: Tensor.full([n], value: shift, dtype: .float64), imaginary: Tensor(eigenvalues, shape: [n])),
            eigenvectors: ComplexTensor(real: vectorsReal, imaginary: vectorsImaginary))
    }
}
