import Autograd
import Foundation
import Tensor

/// The leading Lyapunov exponents of a flow by QR-orthonormalized tangent propagation (Benettin et al. 1980;
/// Shimada and Nagashima 1979), with the tangent map of each integrator step applied as a Jacobian–vector product
/// through the step (`Derivatives.jvp`), so any differentiable step of any vector field works.
///
/// Along a trajectory x_{n+1} = Φ(x_n) (Φ one step of length Δt), k tangent vectors V_n `[D, k]` evolve as
/// V_{n+1} = DΦ(x_n)·V_n; every `orthonormalizeEvery` steps V = Q·R and V ← Q, and λ_i = Σ log|R_ii| / (n·Δt) over
/// the measured steps. Many trajectories run as one batch (the graph has the same number of nodes for any batch).
public enum LyapunovExponents {
    /// The `count` leading exponents measured along each trajectory.
    ///
    /// - Parameters:
    ///   - count: k, how many exponents (1 ≤ k ≤ D).
    ///   - states: starting points `[B, D]` (on the attractor, or followed by `transientSteps`).
    ///   - timeStep: Δt, the time one call of `flowStep` advances.
    ///   - steps: measured steps.
    ///   - transientSteps: steps run first without measuring, aligning the tangents with the leading directions.
    ///   - orthonormalizeEvery: steps between QR factorizations (the tangents grow like e^{λ₁·Δt·every} between them).
    ///   - generator: draws the random starting tangents.
    ///   - flowStep: Φ on differentiable states `[…, D]`, e.g. `{ RungeKutta4.step($0, size: h, field: f) }`.
    /// - Returns: the exponents `[B, k]`, in decreasing order of the tangent directions (largest first), and the
    ///   states reached `[B, D]`.
    public static func leading(
        _ count: Int, states: Tensor, timeStep: Double, steps: Int, transientSteps: Int = 0,
        orthonormalizeEvery: Int = 1, using generator: inout RandomGenerator,
        flowStep: (Variable) -> Variable
    ) -> (exponents: Tensor, states: Tensor) {
        precondition(
            states.rank == 2 && count >= 1 && count <= states.shape[1],
            "LyapunovExponents.leading: states must be [B, D] with 1 ≤ count ≤ D, got \(states.shape), count \(count)")
        precondition(
            timeStep > 0 && steps >= 1 && transientSteps >= 0 && orthonormalizeEvery >= 1,
            "LyapunovExponents.leading: timeStep \(timeStep), steps \(steps), transientSteps \(transientSteps), "
                + "orthonormalizeEvery \(orthonormalizeEvery)")
        let (batch, dimension) = (states.shape[0], states.shape[1])
        var x = states
        // V `[B, k, D]`: row j of trajectory b is its j-th tangent vector.
        var tangents = Linalg.qr(Tensor.normal([batch, dimension, count], dtype: states.dtype, using: &generator)).q
            .transposed(1, 2)
        var sums = Tensor.zeros([batch, count], dtype: states.dtype)
        for n in 0..<(transientSteps + steps) {
            let replicated = x.unsqueezed(axis: 1).expanded(to: [batch, count, dimension]).contiguous()
            let (next, product) = Derivatives.jvp(at: [replicated], tangents: [tangents.contiguous()]) { v in
                flowStep(v[0])
            }
            x = next.selected(axis: 1, index: 0)
            tangents = product
            let last = n == transientSteps + steps - 1
            guard (n + 1) % orthonormalizeEvery == 0 || last || n == transientSteps - 1 else { continue }
            let (q, r) = Linalg.qr(tangents.transposed(1, 2))
            tangents = q.transposed(1, 2)
            if n >= transientSteps { sums = sums + r.diagonal(axis0: -2, axis1: -1).abs().log() }
        }
        return (sums / (Double(steps) * timeStep), x)
    }
}
