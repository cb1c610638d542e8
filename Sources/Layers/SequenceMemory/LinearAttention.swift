import Autograd
import Tensor

/// Causal linear attention (Katharopoulos et al., 2020, with the identity feature map and no normalizer, as in the
/// DeltaNet papers' baseline): the memory S_t = Σ_{i≤t} v_i k_iᵀ read at the query, y_t = S_t q_t, computed for all
/// tokens at once as y = ((Q Kᵀ) ⊙ M) V with M the causal mask.
public enum LinearAttention {
    /// queries, keys [N, T, dk]; values [N, T, dv] → y [N, T, dv].
    public static func readout(queries: Variable, keys: Variable, values: Variable) -> Variable {
        precondition(
            queries.rank == 3 && keys.shape == queries.shape && values.rank == 3
                && Array(values.shape.prefix(2)) == Array(queries.shape.prefix(2)),
            "LinearAttention.readout: queries \(queries.shape), keys \(keys.shape), values \(values.shape) do not "
                + "match ([N, T, dk], [N, T, dk], [N, T, dv])")
        let mask = Variable(CausalDecay.causalMask(queries.shape[1]).cast(to: queries.dtype))
        return (queries.matmul(keys.transposed(1, 2)) * mask).matmul(values)
    }
}
