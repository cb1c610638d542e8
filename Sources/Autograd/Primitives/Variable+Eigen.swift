import Tensor

/// The differentiable eigendecomposition of a general (non-symmetric) real matrix.
extension Linalg {
    /// A = V·diag(λ)·V⁻¹ for a real A `[n, n]` with distinct eigenvalues: λ `[n]` and V `[n, n]` complex (column j
    /// belongs to λ_j), in LAPACK `geev`'s convention: every column has unit 2-norm and its component of largest
    /// modulus is real.
    ///
    /// The rule (first-order perturbation theory, Magnus 1985; the normalization terms are what make it match `geev`).
    /// With W = V⁻¹ and M = W·dA·V: dλ_j = M_jj and dV = V·X with X_ij = M_ij/(λ_j − λ_i) for i ≠ j. The diagonal of X
    /// is fixed by the convention: Re X_jj keeps ‖v_j‖ = 1, Re X_jj = −Re Σ_{i≠j} (V*V)_ji·X_ij, and Im X_jj keeps the
    /// pivot p_j (the largest component of v_j) real, Im X_jj = −Im(Σ_{i≠j} V_{p_j i}·X_ij)/V_{p_j j}. Writing the
    /// incoming gradients as complex cotangents ḡ = g_Re + i·g_Im (so dL = Re Σ conj(ḡ)·dz) and K = V*·ḡ_V,
    /// ∂A = Re(Wᵀ·Z·Vᵀ) with Z_jj = conj ḡ_λj and, for i ≠ j,
    /// Z_ij = (conj K_ij − Re K_jj·(V*V)_ji + i·Im K_jj·V_{p_j i}/V_{p_j j})/(λ_j − λ_i).
    /// The pullback is built from differentiable ops (complex products, an inverse of V's real embedding), so
    /// second derivatives work. Undefined (infinite) for repeated eigenvalues, and the phase convention jumps where
    /// two components of an eigenvector tie for the largest modulus.
    /// - Parameter a: `[n, n]` (Float64 for accurate gradients).
    /// - Returns: λ `[n]` and V `[n, n]` as pairs of real variables.
    public static func eig(_ a: Variable) throws -> (eigenvalues: ComplexVariable, eigenvectors: ComplexVariable) {
        precondition(a.rank == 2 && a.shape[0] == a.shape[1], "Linalg.eig: A \(a.shape) is not a square matrix [n, n]")
        let n = a.shape[0]
        let (values, vectors) = try eig(a.value)
        let pivots = (vectors.real.square() + vectors.imaginary.square()).argmax(axis: 0)  // p_j `[n]`
        let outputs = Variable.recordMultiple(
            "eig", outputs: [values.real, values.imaginary, vectors.real, vectors.imaginary], inputs: [a]
        ) { g, r, _ in
            let lambda = ComplexVariable(real: r[0], imaginary: r[1])
            let v = ComplexVariable(real: r[2], imaginary: r[3])
            let vAdjoint = v.conjugate().permuted([1, 0])
            let k = vAdjoint.matmul(ComplexVariable(real: g[2], imaginary: g[3]))
            let gram = vAdjoint.matmul(v)
            let identity = Tensor.eye(n, dtype: a.dtype)
            let kDiagonal = ComplexVariable(real: k.real.diagonal(), imaginary: k.imaginary.diagonal())
            // P_ij = V_{p_j i} and the pivots V_{p_j j} (real).
            let pivotRows = ComplexVariable(
                real: v.real.indexSelected(axis: 0, indices: pivots),
                imaginary: v.imaginary.indexSelected(axis: 0, indices: pivots)
            ).permuted([1, 0])
            let phaseWeight = (kDiagonal.imaginary / pivotRows.real.diagonal()).reshaped([1, n])
            let numerator =
                k.conjugate() - gram.permuted([1, 0]) * kDiagonal.real.reshaped([1, n])
                + ComplexVariable(real: -pivotRows.imaginary * phaseWeight, imaginary: pivotRows.real * phaseWeight)
            let gaps = lambda.reshaped([1, n]) - lambda.reshaped([n, 1])  // λ_j − λ_i
            let safeGaps = ComplexVariable(real: gaps.real + Variable(identity), imaginary: gaps.imaginary)
            let offDiagonal = Variable(Tensor.ones([n, n], dtype: a.dtype) - identity)
            let eigenvalueTerm = ComplexVariable(real: g[0], imaginary: -g[1]).reshaped([1, n]) * Variable(identity)
            let z = numerator / safeGaps * offDiagonal + eigenvalueTerm
            let w = try! complexInverse(v)  // V was invertible in the forward pass.
            return [w.permuted([1, 0]).matmul(z).matmul(v.permuted([1, 0])).real]
        }
        return (
            ComplexVariable(real: outputs[0], imaginary: outputs[1]),
            ComplexVariable(real: outputs[2], imaginary: outputs[3])
        )
    }

    /// Z⁻¹ of a complex `[n, n]` matrix, from the inverse of its real embedding [[Re, −Im], [Im, Re]] (whose inverse
    /// is the embedding of Z⁻¹).
    static func complexInverse(_ z: ComplexVariable) throws -> ComplexVariable {
        let n = z.shape[0]
        let embedding = Variable.concatenated(
            [
                Variable.concatenated([z.real, -z.imaginary], axis: 1),
                Variable.concatenated([z.imaginary, z.real], axis: 1),
            ], axis: 0)
        let inverse = try Linalg.inverse(embedding)
        let left = inverse.narrowed(axis: 1, start: 0, length: n)
        return ComplexVariable(
            real: left.narrowed(axis: 0, start: 0, length: n), imaginary: left.narrowed(axis: 0, start: n, length: n))
    }
}
