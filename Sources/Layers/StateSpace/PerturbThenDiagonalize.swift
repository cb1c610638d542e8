import Foundation
import Tensor

/// How perturb-then-diagonalize (Yu et al., 2024) chooses the perturbation E before diagonalizing A + E.
public enum Perturbation: Sendable {
    /// E = 0: the plain (for HiPPO-LegS, exponentially ill-conditioned) eigendecomposition of A.
    case none
    /// A real Ginibre matrix (i.i.d. standard normal entries) scaled to ‖E‖₂ = ε·‖A‖₂ (the paper's Theorem 4 and
    /// its ablation measure the perturbation against ‖A‖).
    case random(relativeSize: Double)
    /// A real Ginibre matrix scaled to ‖E‖₂ = `norm`: the ε of the paper's Theorem 3, whose transfer-function bound
    /// (2 ln n + 4)·ε holds for B and C of unit norm and an unscaled HiPPO-LegS A (numerical range in Re z ≤ −½).
    case randomOfNorm(Double)
    /// A given E `[n, n]` (e.g. one trained by `PerturbationTraining`, or S4D's rank-1 term PPᵀ, which turns
    /// HiPPO-LegS into its normal part).
    case given(Tensor)
}

/// The result of perturb-then-diagonalize: A + E = Ṽ·diag(λ̃)·Ṽ⁻¹ with the perturbation E, its relative size and
/// the condition number of Ṽ.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let hippo = HiPPO(.legendreScaled, stateSize: 64)
/// let ptd = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: .random(relativeSize: 1e-2), using: &generator)
/// ptd.conditionNumber                                            // κ₂(Ṽ) ≈ 1e3, against > 1e10 for E = 0
/// let b = try ptd.diagonalization.transformedInput(hippo.inputVector)   // Ṽ⁻¹B
/// ```
public struct PerturbedDiagonalization: Sendable {
    /// E `[n, n]`.
    public let perturbation: Tensor
    /// The eigendecomposition of A + E.
    public let diagonalization: Diagonalization
    /// ‖E‖₂/‖A‖₂.
    public let relativeSize: Double
    /// ‖E‖₂.
    public let norm: Double
    /// κ₂(Ṽ).
    public let conditionNumber: Double

    /// Perturbs the real matrix `a` `[n, n]` as `perturbation` says and diagonalizes the result (LAPACK `geev`).
    public init(_ a: Tensor, perturbation: Perturbation, using generator: inout RandomGenerator) throws {
        let a = a.cast(to: .float64)
        let n = a.shape[0]
        let normA = try PerturbedDiagonalization.spectralNorm(a)
        func ginibre(norm: Double) throws -> Tensor {
            let g = Tensor.normal([n, n], dtype: .float64, using: &generator)
            return g * (norm / (try PerturbedDiagonalization.spectralNorm(g)))
        }
        let e: Tensor
        switch perturbation {
        case .none:
            e = Tensor.zeros([n, n], dtype: .float64)
        case .random(let relativeSize):
            e = try ginibre(norm: relativeSize * normA)
        case .randomOfNorm(let norm):
            e = try ginibre(norm: norm)
        case .given(let perturbation):
            precondition(
                perturbation.shape == [n, n],
                "PerturbedDiagonalization: perturbation \(perturbation.shape) for a matrix \(a.shape)")
            e = perturbation.cast(to: .float64)
        }
        let diagonalization = try Diagonalization(of: a + e)
        self.perturbation = e
        self.diagonalization = diagonalization
        self.norm = try PerturbedDiagonalization.spectralNorm(e)
        self.relativeSize = norm / normA
        self.conditionNumber = try diagonalization.conditionNumber()
    }

    /// ‖X‖₂, the largest singular value.
    static func spectralNorm(_ x: Tensor) throws -> Double { try Linalg.singularValues(x).toDoubles()[0] }
}
