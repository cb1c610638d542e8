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
    /// Starts from `.random(relativeSize:)` and takes `steps` descent steps on the paper's objective
    /// κ₂(Ṽ) + γ·‖E‖₂/‖A‖₂ (γ = `penalty`). The gradient of κ₂ through the eigendecomposition is exact first-order
    /// perturbation theory (`Diagonalization.logConditionNumberGradient()`), that of ‖E‖₂ is u₁v₁ᵀ. Each step moves
    /// E along the normalized negative gradient by a fraction of ‖E‖_F, halving the fraction until the objective
    /// decreases (at most eight halvings; a step that never decreases it ends the descent).
    case optimized(initialRelativeSize: Double, penalty: Double, steps: Int)
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
        var e: Tensor
        switch perturbation {
        case .none:
            e = Tensor.zeros([n, n], dtype: .float64)
        case .random(let relativeSize):
            e = try ginibre(norm: relativeSize * normA)
        case .randomOfNorm(let norm):
            e = try ginibre(norm: norm)
        case .optimized(let initialRelativeSize, let penalty, let steps):
            e = try PerturbedDiagonalization.descend(
                a, from: try ginibre(norm: initialRelativeSize * normA), penalty: penalty, normA: normA, steps: steps)
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

    /// Descent on J(E) = κ₂(Ṽ(A + E)) + γ·‖E‖₂/‖A‖₂.
    private static func descend(_ a: Tensor, from start: Tensor, penalty: Double, normA: Double, steps: Int) throws
        -> Tensor
    {
        func objective(_ e: Tensor) throws -> (value: Double, gradient: Tensor) {
            let (logCondition, logGradient) = try Diagonalization(of: a + e).logConditionNumberGradient()
            let condition = Foundation.exp(logCondition)
            let (u, s, vh) = try Linalg.svd(e)
            let normGradient = u.sliced(axis: 1, start: 0, end: 1).matmul(vh.sliced(axis: 0, start: 0, end: 1))
            let value = condition + penalty * s.toDoubles()[0] / normA
            return (value, logGradient * condition + normGradient * (penalty / normA))
        }
        var e = start
        var (value, gradient) = try objective(e)
        var fraction = 0.25
        for _ in 0..<steps {
            let direction = gradient / gradient.norm().item()
            var accepted = false
            for _ in 0...8 {
                let candidate = e - direction * (fraction * e.norm().item())
                let trial = try objective(candidate)
                if trial.value < value {
                    (e, value, gradient) = (candidate, trial.value, trial.gradient)
                    fraction = Swift.min(0.5, fraction * 1.5)
                    accepted = true
                    break
                }
                fraction /= 2
            }
            if !accepted { break }
        }
        return e
    }
}
