import Autograd
import Tensor

/// Conjugate gradient for batches of symmetric positive definite systems A x = b, a fixed number of iterations from
/// x₀ = 0 (Hestenes–Stiefel):
///
///     r₀ = p₀ = b
///     α_k = r_kᵀr_k / p_kᵀA p_k,  x_{k+1} = x_k + α_k p_k,  r_{k+1} = r_k − α_k A p_k
///     β_k = r_{k+1}ᵀr_{k+1} / r_kᵀr_k,  p_{k+1} = r_{k+1} + β_k p_k
///
/// `k` iterations cost k products with A; in exact arithmetic x_n = A⁻¹b. The step sizes come from inner
/// products, which is what rounding to few bits corrupts (the directions lose conjugacy and the recursive residual
/// drifts from the true one). A denominator that reaches zero (an exactly solved system) is replaced by the
/// smallest normal Float32, so the iterate stays put instead of becoming NaN.
///
/// Every step is a `Variable` op: the result is differentiable by backpropagation through the unrolled iteration.
public enum ConjugateGradient {
    /// x ≈ A⁻¹b after `iterations` steps. a: [..., n, n] SPD; b: [..., n]. `.bfloat16` rounds A, b and every
    /// intermediate result (inner products included, each accumulated in the dtype and rounded once) to bfloat16.
    public static func solve(
        _ a: Variable, _ b: Variable, iterations: Int, precision: ArithmeticPrecision = .native
    ) -> Variable {
        precondition(
            a.rank == b.rank + 1 && Array(a.shape.suffix(2)) == [b.shape.last!, b.shape.last!],
            "ConjugateGradient.solve: matrices \(a.shape) and right-hand sides \(b.shape) do not match")
        let matrix = precision.stored(a)
        return solve(
            applying: { matrix.batchedMatrixVectorProduct($0) }, b, iterations: iterations, precision: precision)
    }

    /// The same iteration with A given as a function x [..., n] ↦ A x [..., n].
    public static func solve(
        applying multiply: (Variable) -> Variable, _ b: Variable, iterations: Int,
        precision: ArithmeticPrecision = .native
    ) -> Variable {
        precondition(iterations >= 1, "ConjugateGradient.solve: needs at least one iteration, got \(iterations)")
        let p = precision
        let tiny = Double(Float.leastNormalMagnitude)
        var residual = p.stored(b)
        var direction = residual
        var residualNorm = p.stored(p.stored(residual.square()).sum(axis: -1, keepDims: true))
        var x = Variable(Tensor.zeros(b.shape, dtype: b.dtype))
        for k in 0..<iterations {
            let product = p.stored(multiply(direction))
            let curvature = p.stored(p.stored(direction * product).sum(axis: -1, keepDims: true))
            let alpha = p.stored(residualNorm / curvature.clamped(min: tiny))
            x = p.stored(x + p.stored(alpha * direction))
            if k == iterations - 1 { break }
            residual = p.stored(residual - p.stored(alpha * product))
            let nextNorm = p.stored(p.stored(residual.square()).sum(axis: -1, keepDims: true))
            let beta = p.stored(nextNorm / residualNorm.clamped(min: tiny))
            direction = p.stored(residual + p.stored(beta * direction))
            residualNorm = nextNorm
        }
        return x
    }
}
