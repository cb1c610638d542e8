import Autograd
import Tensor

/// The gated causal decay matrix of a sequence: D[t, i] = γ_{i+1}⋯γ_t = exp(c_t − c_i) for i ≤ t and 0 for i > t,
/// with c the cumulative sum of log γ. A gated sum Σ_{i≤t} (γ_{i+1}⋯γ_t)·f_i over all t at once is D·f.
public enum CausalDecay {
    /// logDecays [N, T] (log γ ≤ 0) → D [N, T, T].
    public static func matrix(logDecays: Variable) -> Variable {
        precondition(logDecays.rank == 2, "CausalDecay.matrix: log-decays must be [N, T], got \(logDecays.shape)")
        let length = logDecays.shape[1]
        let cumulative = logDecays.cumulativeSum(axis: 1)
        let exponent = cumulative.unsqueezed(axis: -1) - cumulative.unsqueezed(axis: -2)
        // Above the diagonal c_t − c_i ≥ 0 may overflow exp: replace it before exponentiating.
        let past = causalMask(length)
        let never = Variable(Tensor.full([], value: -1e4, dtype: logDecays.dtype))
        return Variable.where(past, exponent, never).exp()
    }

    /// [T, T] bool, true where i ≤ t.
    public static func causalMask(_ length: Int) -> Tensor {
        Tensor.ones([length, length], dtype: .float32).lowerTriangle().compared(.equal, scalar: 1)
    }
}
