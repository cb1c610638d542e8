import Foundation
import Tensor

/// Entropy balancing (Hainmueller 2012) with relaxed constraints, solved by Newton's method on its convex dual.
///
/// n units carry base weights q_k > 0 and balancing deviations g_k ∈ ℝᴶ (each balancing function at the unit minus
/// its target mean). The weights w (Σw = 1, w ≥ 0) minimize
///
///     Σ_k w_k log(w_k/q_k) + ‖Σ_k w_k g_k‖² / (2ρ),
///
/// whose dual is the smooth convex problem
///
///     min_λ F(λ) = log Σ_k q_k exp(λ·g_k) + (ρ/2)‖λ‖²,   w_k = q_k exp(λ·g_k) / Σ_j q_j exp(λ·g_j),
///     ∇F = Σ w g + ρλ,   ∇²F = Σ w g gᵀ − (Σ w g)(Σ w g)ᵀ + ρI.
///
/// At the optimum the balance residual is Σ w g = −ρλ; ρ → 0 is the exact problem Σ w g = 0 (when the targets lie in
/// the convex hull of the units). Newton steps with Armijo backtracking; stops when max|∇F| ≤ `tolerance`.
public struct EntropyBalancing: Sendable {
    /// The dual solution.
    public struct Solution: Sendable {
        /// w `[n]`, Σw = 1.
        public let weights: Tensor
        /// λ `[J]`.
        public let multipliers: Tensor
        /// The balance residual Σ w g `[J]` (= −ρλ at the optimum).
        public let residual: Tensor
        /// Newton iterations taken.
        public let iterations: Int
        /// max|∇F| at the end.
        public let gradientNorm: Double

        /// 1/Σw², the number of equally weighted units carrying the same information.
        public var effectiveSampleSize: Double { 1 / weights.square().sum().item() }
    }

    /// ρ ≥ 0 (the constraint relaxation).
    public let ridge: Double
    public let tolerance: Double
    public let maximumIterations: Int

    public init(ridge: Double, tolerance: Double = 1e-10, maximumIterations: Int = 100) {
        precondition(ridge >= 0 && tolerance > 0, "EntropyBalancing: needs ρ ≥ 0 and a positive tolerance")
        self.ridge = ridge
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }

    /// Balances float64 `deviations` g `[n, J]` from base weights q `[n]` (positive, any scale).
    /// - Throws: `LinearAlgebraError` when a Newton system is singular (ρ = 0 and collinear deviations).
    public func solve(deviations: Tensor, baseWeights: Tensor) throws -> Solution {
        precondition(
            deviations.rank == 2 && baseWeights.shape == [deviations.shape[0]] && deviations.dtype == .float64
                && baseWeights.dtype == .float64,
            "EntropyBalancing.solve: needs float64 deviations [n, J] and base weights [n], got \(deviations.shape) "
                + "\(deviations.dtype) and \(baseWeights.shape) \(baseWeights.dtype)")
        precondition(
            baseWeights.toDoubles().allSatisfy { $0 > 0 && $0.isFinite },
            "EntropyBalancing.solve: base weights must be positive and finite")
        let g = deviations
        let count = g.shape[1]
        let logBase = baseWeights.log()
        let identity = Tensor.eye(count, dtype: .float64)
        func objective(_ lambda: Tensor) -> Double {
            (logBase + g.matmul(lambda)).logSumExp().item() + ridge / 2 * lambda.square().sum().item()
        }
        func weights(_ lambda: Tensor) -> Tensor {
            let logits = logBase + g.matmul(lambda)
            return (logits - logits.logSumExp()).exp()
        }
        var lambda = Tensor.zeros([count], dtype: .float64)
        var value = objective(lambda)
        var iterations = 0
        while true {
            let w = weights(lambda)
            let residual = g.transposed().matmul(w)  // [J]
            let gradient = residual + lambda * ridge
            let gradientNorm = gradient.abs().max().item()
            if gradientNorm <= tolerance || iterations == maximumIterations {
                return Solution(
                    weights: w, multipliers: lambda, residual: residual, iterations: iterations,
                    gradientNorm: gradientNorm)
            }
            let weighted = g * w.unsqueezed(axis: 1)  // [n, J]
            let hessian =
                weighted.transposed().matmul(g) - residual.unsqueezed(axis: 1).matmul(residual.unsqueezed(axis: 0))
                + identity * ridge
            let step = try Linalg.solve(hessian, gradient)
            let decrease = (gradient * step).sum().item()
            var length = 1.0
            var candidate = lambda - step * length
            var candidateValue = objective(candidate)
            while candidateValue > value - 1e-4 * length * decrease && length > 1e-12 {
                length /= 2
                candidate = lambda - step * length
                candidateValue = objective(candidate)
            }
            if candidateValue >= value && length <= 1e-12 {
                return Solution(
                    weights: w, multipliers: lambda, residual: residual, iterations: iterations,
                    gradientNorm: gradientNorm)
            }
            lambda = candidate
            value = candidateValue
            iterations += 1
        }
    }
}
