import Tensor

/// Transfer functions G(iω) = C·(iωI − A)⁻¹·B of continuous-time single-input single-output systems on the imaginary
/// axis, and the error measure that compares them. (Diagonal systems have `DiagonalSystem.transferFunction(at:)`.)
public enum TransferFunction {
    /// G(iω) of a dense real system by one complex LU solve per frequency (O(F·n³): a reference for small n).
    /// - Parameters: A `[n, n]`, B `[n]`, C `[n]`, ω `[F]`.
    /// - Returns: `[F]`.
    public static func dense(stateMatrix a: Tensor, input b: Tensor, output c: Tensor, at frequencies: Tensor) throws
        -> ComplexTensor
    {
        let n = a.shape[0]
        let count = frequencies.count
        let a = a.cast(to: .float64)
        let omega = frequencies.cast(to: .float64).reshaped([count, 1, 1])
        let matrices = ComplexTensor(
            real: a.negated().expanded(to: [count, n, n]), imaginary: Tensor.eye(n, dtype: .float64) * omega)
        let right = b.cast(to: .float64).reshaped([1, n, 1]).expanded(to: [count, n, 1])
        // (iωI − A)⁻¹B for every frequency: [F, n, 1].
        let x = try Linalg.solve(matrices, ComplexTensor(real: right))
        let row = c.cast(to: .float64).reshaped([1, 1, n])
        return ComplexTensor(
            real: row.matmul(x.real).reshaped([count]), imaginary: row.matmul(x.imaginary).reshaped([count]))
    }

    /// G(iω) of a HiPPO system A = A_N − PᵀP with input B and output C, in O(F·n·r²) by the Woodbury identity over
    /// the unitary diagonalization of A_N (stable where the eigenvectors of A are not): with R = (iωI − A_N)⁻¹,
    /// G = C·R·B − C·R·Pᵀ·(I + P·R·Pᵀ)⁻¹·P·R·B, each product a sum Σ_j x_j·y_j/(iω − λ_j).
    /// - Parameters: C `[n]`, ω `[F]`.
    /// - Returns: `[F]`.
    public static func normalPlusLowRank(_ hippo: HiPPO, output c: Tensor, at frequencies: Tensor) throws
        -> ComplexTensor
    {
        let n = hippo.stateSize
        let rank = hippo.lowRankFactor.shape[0]
        let count = frequencies.count
        let diagonalization = try hippo.diagonalizedNormalPart()
        let v = diagonalization.eigenvectors
        let vAdjoint = v.adjoint()
        func real(_ x: Tensor) -> ComplexTensor { ComplexTensor(real: x.cast(to: .float64)) }
        let outputRow = real(c.reshaped([1, n])).matmul(v)  // CV [1, n]
        let inputColumn = vAdjoint.matmul(real(hippo.inputVector.reshaped([n, 1])))  // V*B [n, 1]
        let factorColumns = vAdjoint.matmul(real(hippo.lowRankFactor.transposed()))  // V*Pᵀ [n, r]
        let factorRows = real(hippo.lowRankFactor).matmul(v)  // PV [r, n]

        // Resolvent weights ρ[f, j] = 1/(iω_f − λ_j).
        let s = ComplexTensor(
            real: Tensor.zeros([count, 1], dtype: .float64),
            imaginary: frequencies.cast(to: .float64).reshaped([count, 1]))
        let rho =
            ComplexTensor(real: Tensor.ones([count, n], dtype: .float64))
            / (s - diagonalization.eigenvalues.reshaped([1, n]))

        let crb = rho.matmul(outputRow.transposed() * inputColumn)  // [F, 1]
        let crp = rho.matmul(outputRow.transposed() * factorColumns)  // [F, r]
        let prb = rho.matmul(factorRows.transposed() * inputColumn)  // [F, r]
        // P·R·Pᵀ[f, k, l] = Σ_j ρ[f, j]·(PV)[k, j]·(V*Pᵀ)[j, l].
        let pairs = factorRows.transposed().reshaped([n, rank, 1]) * factorColumns.reshaped([n, 1, rank])  // [n, r, r]
        let prp = rho.matmul(pairs.reshaped([n, rank * rank])).reshaped([count, rank, rank])
        let system = prp + ComplexTensor(real: Tensor.eye(rank, dtype: .float64))
        let solved = try Linalg.solve(system, prb.reshaped([count, rank, 1])).reshaped([count, rank])
        let correction = (crp * solved).sum(axes: [1])
        return crb.reshaped([count]) - correction
    }

    /// sup_ω |G(iω) − G_ref(iω)| / sup_ω |G_ref(iω)| over the sampled frequencies, and the index of the frequency
    /// where the difference peaks.
    public static func relativeSupremumError(_ g: ComplexTensor, reference: ComplexTensor) -> (error: Double, peak: Int)
    {
        let magnitudes = (g - reference).magnitudes()
        let peak = Int(magnitudes.argmax().item())
        return (magnitudes.max().item() / reference.magnitudes().max().item(), peak)
    }
}
