import Autograd
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
        let x = try Linalg.solve(matrices, ComplexTensor(real: right, imaginary: Tensor.zeros(like: right)))
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
        let v = ComplexVariable(constant: diagonalization.eigenvectors)
        let vAdjoint = v.conjugate().permuted([1, 0])
        func column(_ x: Tensor) -> ComplexVariable { ComplexVariable(real: Variable(x.reshaped([n, -1]))) }
        let outputRow = ComplexVariable(real: Variable(c.cast(to: .float64).reshaped([1, n]))).matmul(v)  // CV [1, n]
        let inputColumn = vAdjoint.matmul(column(hippo.inputVector))  // V*B [n, 1]
        let factorColumns = vAdjoint.matmul(column(hippo.lowRankFactor.transposed()))  // V*Pᵀ [n, r]
        let factorRows = ComplexVariable(real: Variable(hippo.lowRankFactor)).matmul(v)  // PV [r, n]

        // Resolvent weights ρ[f, j] = 1/(iω_f − λ_j).
        let omega = Variable(frequencies.cast(to: .float64).reshaped([count, 1]))
        let lambda = ComplexVariable(constant: diagonalization.eigenvalues).reshaped([1, n])
        let denominator = ComplexVariable(
            real: -lambda.real.expanded(to: [count, n]), imaginary: omega - lambda.imaginary)
        let rho = ComplexVariable(real: Variable(Tensor.ones([count, n], dtype: .float64))) / denominator

        let crb = rho.matmul(outputRow.permuted([1, 0]) * inputColumn)  // [F, 1]
        let crp = rho.matmul(outputRow.permuted([1, 0]) * factorColumns)  // [F, r]
        let prb = rho.matmul(factorRows.permuted([1, 0]) * inputColumn)  // [F, r]
        // P·R·Pᵀ[f, k, l] = Σ_j ρ[f, j]·(PV)[k, j]·(V*Pᵀ)[j, l].
        let pairs = factorRows.permuted([1, 0]).unsqueezed(axis: 2) * factorColumns.unsqueezed(axis: 1)  // [n, r, r]
        let prp = rho.matmul(pairs.reshaped([n, rank * rank])).reshaped([count, rank, rank])
        let identity = Tensor.eye(rank, dtype: .float64)
        let system = ComplexTensor(real: prp.real.value + identity, imaginary: prp.imaginary.value)
        let solved = ComplexVariable(constant: try Linalg.solve(system, prb.values))  // [F, r]
        let correction = (crp * solved).sum(axes: [1])
        return (crb.reshaped([count]) - correction).values
    }

    /// sup_ω |G(iω) − G_ref(iω)| / sup_ω |G_ref(iω)| over the sampled frequencies, and the index of the frequency
    /// where the difference peaks.
    public static func relativeSupremumError(_ g: ComplexTensor, reference: ComplexTensor) -> (error: Double, peak: Int)
    {
        let difference = ComplexTensor(real: g.real - reference.real, imaginary: g.imaginary - reference.imaginary)
        let magnitudes = difference.magnitudes()
        let peak = Int(magnitudes.argmax().item())
        return (magnitudes.max().item() / reference.magnitudes().max().item(), peak)
    }
}
