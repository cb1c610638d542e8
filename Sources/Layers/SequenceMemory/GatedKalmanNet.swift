import Autograd
import Tensor

/// The memory of Gated KalmaNet (Peng et al., 2025): at every token t a ridge regression over the whole gated past,
///
///     S_t = argmin_S Σ_{i≤t} (γ_{i+1}⋯γ_t)‖S k_i − v_i‖² + λ_t‖S‖²_F = U_t (H_t + λ_t I)⁻¹,
///     H_t = Σ_{i≤t} (γ_{i+1}⋯γ_t) k_i k_iᵀ  [dk, dk],   U_t = Σ_{i≤t} (γ_{i+1}⋯γ_t) v_i k_iᵀ  [dv, dk],
///
/// read out at the query: y_t = S_t q_t = U_t x_t with x_t = (H_t + λ_t I)⁻¹ q_t. The regularization is adaptive,
/// λ_t = α_t·tr H_t, so the spectrum of H_t + λ_t I lies in [λ_t, λ_t + tr H_t] and its condition number is at most
/// 1 + 1/α_t whatever the keys. x_t comes from `ChebyshevIteration` on exactly those bounds.
///
/// Computed for all tokens at once (the chunk-wise form with one chunk): with D the causal decay matrix
/// (`CausalDecay`), (H_t x_t)_t = ((X Kᵀ) ⊙ D) K and y = ((X Kᵀ) ⊙ D) V, so neither H_t nor U_t is formed; cost
/// O(T²·d) per Chebyshev step. Differentiable by backpropagation through the unrolled iteration.
public enum GatedKalmanNet {
    /// - Parameters:
    ///   - queries: [N, T, dk] (N = batch × heads).
    ///   - keys: [N, T, dk].
    ///   - values: [N, T, dv].
    ///   - logDecays: [N, T], log γ_t ≤ 0.
    ///   - regularization: [N, T], α_t > 0 (λ_t = α_t·tr H_t).
    ///   - iterations: Chebyshev steps per token.
    ///   - precision: `.bfloat16` rounds every intermediate result of the solve and the read-out to bfloat16.
    /// - Returns: y [N, T, dv].
    public static func readout(
        queries: Variable, keys: Variable, values: Variable, logDecays: Variable, regularization: Variable,
        iterations: Int, precision: ArithmeticPrecision = .native
    ) -> Variable {
        let (n, t) = (queries.shape[0], queries.shape[1])
        precondition(
            queries.rank == 3 && keys.shape == queries.shape && values.rank == 3
                && Array(values.shape.prefix(2)) == [n, t] && logDecays.shape == [n, t]
                && regularization.shape == [n, t],
            "GatedKalmanNet.readout: queries \(queries.shape), keys \(keys.shape), values \(values.shape), "
                + "log-decays \(logDecays.shape), regularization \(regularization.shape) do not match "
                + "([N, T, dk], [N, T, dk], [N, T, dv], [N, T], [N, T])")
        let p = precision
        let decay = p.stored(CausalDecay.matrix(logDecays: logDecays))
        let k = p.stored(keys)
        let keyTransposed = k.transposed(1, 2)
        let trace = p.stored(decay.matmul(p.stored(k.square().sum(axis: -1, keepDims: true)))).squeezed(axis: -1)
        let shift = p.stored(regularization * trace)
        let shiftColumn = shift.unsqueezed(axis: -1)
        /// Row t of the result is (H_t + λ_t I) x_t.
        func multiply(_ x: Variable) -> Variable {
            let weights = p.stored(p.stored(x.matmul(keyTransposed)) * decay)
            return p.stored(weights.matmul(k)) + p.stored(shiftColumn * x)
        }
        let solution = ChebyshevIteration.solve(
            applying: multiply, queries, lowerBound: shift, upperBound: p.stored(shift + trace),
            iterations: iterations, precision: p)
        let weights = p.stored(p.stored(solution.matmul(keyTransposed)) * decay)
        return p.stored(weights.matmul(p.stored(values)))
    }
}
