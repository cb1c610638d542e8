import Autograd
import Tensor

/// Chebyshev iteration for batches of symmetric positive definite systems A x = b whose eigenvalues lie in known
/// bounds [ℓ, u] (per system).
///
/// With θ = (u + ℓ)/2, δ = (u − ℓ)/2 and σ = θ/δ (Saad, *Iterative Methods for Sparse Linear Systems*, Alg. 12.1):
///
///     x₀ = 0, r₀ = b, d₀ = r₀/θ, ρ₀ = 1/σ
///     x_{k+1} = x_k + d_k
///     r_{k+1} = r_k − A d_k
///     ρ_{k+1} = 1/(2σ − ρ_k)
///     d_{k+1} = ρ_{k+1}ρ_k d_k + (2ρ_{k+1}/δ) r_{k+1}
///
/// so x_k = p(A) b with p of degree k − 1 whose residual polynomial 1 − λp(λ) is the smallest on [ℓ, u] (a scaled
/// Chebyshev polynomial): the error falls by about 2((√κ − 1)/(√κ + 1))^k with κ = u/ℓ. Unlike conjugate gradient it takes no inner products, so its steps
/// do not depend on quantities that rounding corrupts; `k` iterations cost k − 1 products with A.
///
/// The residual r_{k+1} is either updated as above (`.updated`, Saad's form) or recomputed as b − A x_{k+1}
/// (`.recomputed`): the same iterates in exact arithmetic and the same cost (one product with A per step), but
/// under rounding the updated residual drifts away from the true one, while the recomputed one corrects each step
/// for the rounding of x, as iterative refinement does.
///
/// Every step is a `Variable` op, so the result is differentiable (to any order) by backpropagation through the
/// unrolled iteration, with respect to A (or whatever the operator closes over), b and the bounds.
public enum ChebyshevIteration {
    /// How each step gets its residual.
    public enum Residual: Sendable {
        /// r_{k+1} = r_k − A d_k.
        case updated
        /// r_{k+1} = b − A x_{k+1}.
        case recomputed
    }

    /// x ≈ A⁻¹b after `iterations` steps.
    /// - Parameters:
    ///   - a: [..., n, n] symmetric positive definite.
    ///   - b: [..., n].
    ///   - lowerBound: ℓ [...] (b's batch shape), 0 < ℓ < u, below A's spectrum.
    ///   - upperBound: u [...], above A's spectrum.
    ///   - iterations: the number of steps.
    ///   - precision: `.bfloat16` rounds A, b, the bounds and every intermediate result to bfloat16.
    ///   - residual: how the residual is carried from step to step (`Residual`).
    public static func solve(
        _ a: Variable, _ b: Variable, lowerBound: Variable, upperBound: Variable, iterations: Int,
        precision: ArithmeticPrecision = .native, residual: Residual = .updated
    ) -> Variable {
        precondition(
            a.rank == b.rank + 1 && Array(a.shape.suffix(2)) == [b.shape.last!, b.shape.last!],
            "ChebyshevIteration.solve: matrices \(a.shape) and right-hand sides \(b.shape) do not match")
        let matrix = precision.stored(a)
        return solve(
            applying: { matrix.batchedMatrixVectorProduct($0) }, b, lowerBound: lowerBound, upperBound: upperBound,
            iterations: iterations, precision: precision, residual: residual)
    }

    /// The same iteration with A given as a function x [..., n] ↦ A x [..., n] (a product with a matrix that is
    /// never formed, such as a gated sum of outer products). In `.bfloat16` the function's result is rounded.
    public static func solve(
        applying multiply: (Variable) -> Variable, _ b: Variable, lowerBound: Variable, upperBound: Variable,
        iterations: Int, precision: ArithmeticPrecision = .native, residual form: Residual = .updated
    ) -> Variable {
        let batchShape = Array(b.shape.dropLast())
        precondition(
            lowerBound.shape == batchShape && upperBound.shape == batchShape,
            "ChebyshevIteration.solve: bounds \(lowerBound.shape) and \(upperBound.shape) for right-hand sides \(b.shape)"
        )
        precondition(iterations >= 1, "ChebyshevIteration.solve: needs at least one iteration, got \(iterations)")
        let p = precision
        let lower = p.stored(lowerBound).unsqueezed(axis: -1)
        let upper = p.stored(upperBound).unsqueezed(axis: -1)
        let center = p.stored((upper + lower) * 0.5)
        let halfWidth = p.stored((upper - lower) * 0.5)
        let sigma = p.stored(center / halfWidth)
        var rho = p.stored(1 / sigma)
        let rightHandSide = p.stored(b)
        var residual = rightHandSide
        var step = p.stored(residual / center)
        var x = step
        for _ in 1..<iterations {
            switch form {
            case .updated: residual = p.stored(residual - p.stored(multiply(step)))
            case .recomputed: residual = p.stored(rightHandSide - p.stored(multiply(x)))
            }
            let nextRho = p.stored(1 / p.stored(sigma * 2 - rho))
            let keep = p.stored(p.stored(nextRho * rho) * step)
            let push = p.stored(p.stored(nextRho * 2 / halfWidth) * residual)
            step = p.stored(keep + push)
            rho = nextRho
            x = p.stored(x + step)
        }
        return x
    }
}
