import Autograd
import Tensor

/// Penalties on the Jacobian J = ∂f/∂x of a map f (a neural operator's one-step map) at a state x, built by double
/// backward so that they are themselves differentiable in f's parameters (train on them like any loss).
///
/// J·v is the gradient along v of u ↦ Jᵀu = ∂⟨u, f(x)⟩/∂x (linear in u): two reverse passes with the graph kept.
public enum JacobianPenalty {
    /// J·v at x, shaped like f(x); differentiable in f's parameters. x is taken as a constant (a new leaf).
    public static func jacobianVectorProduct(_ f: (Variable) -> Variable, at x: Tensor, tangent v: Tensor) -> Variable {
        precondition(
            x.shape == v.shape, "JacobianPenalty.jacobianVectorProduct: tangent \(v.shape) for a state \(x.shape)")
        // The inner passes record even inside `withoutGradients` (evaluation, finite differences): they are the value.
        return withGradients {
            let state = Variable.leaf(x)
            let y = f(state)
            let u = Variable.leaf(Tensor.zeros(y.shape, dtype: y.dtype))
            let transposed = gradients(of: y, wrt: [state], seed: u, createGraph: true)[0]  // Jᵀu
            let directional = (transposed * Variable(v)).sum()
            return gradients(of: directional, wrt: [u], createGraph: true)[0]
        }
    }

    /// The Hutchinson estimate of the (weighted) squared Frobenius norm, (1/K) Σ_k Σ_i w_i (J v_k)_i² with
    /// v_k ~ N(0, I): unbiased for Σ_i w_i ‖J_{i,·}‖² (w = 1: ‖J‖²_F), divided by the batch size (the first axis).
    /// `weights` broadcast against f(x) (a spatial weight per output point, as in JAWS); none means 1.
    public static func hutchinson(
        _ f: (Variable) -> Variable, at x: Tensor, probes: Int = 1, weights: Variable? = nil,
        using generator: inout RandomGenerator
    ) -> Variable {
        precondition(probes >= 1, "JacobianPenalty.hutchinson: needs at least one probe, got \(probes)")
        var total: Variable?
        for _ in 0..<probes {
            let v = Tensor.normal(x.shape, dtype: x.dtype, using: &generator)
            let squared = jacobianVectorProduct(f, at: x, tangent: v).square()
            let term = (weights.map { squared * $0 } ?? squared).sum()
            total = total.map { $0 + term } ?? term
        }
        return total! * (1 / Double(probes * max(x.shape.first ?? 1, 1)))
    }
}
