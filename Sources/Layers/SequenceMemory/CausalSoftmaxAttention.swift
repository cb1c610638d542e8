import Autograd
import Tensor

/// Causal softmax attention, y_t = Σ_{i≤t} softmax_i(q_t·k_i/√dk) v_i: the memory that keeps every key and value
/// (the upper bound of the recall task).
public enum CausalSoftmaxAttention {
    /// queries, keys [N, T, dk]; values [N, T, dv] → y [N, T, dv].
    public static func readout(queries: Variable, keys: Variable, values: Variable) -> Variable {
        precondition(
            queries.rank == 3 && keys.shape == queries.shape && values.rank == 3
                && Array(values.shape.prefix(2)) == Array(queries.shape.prefix(2)),
            "CausalSoftmaxAttention.readout: queries \(queries.shape), keys \(keys.shape), values \(values.shape) "
                + "do not match ([N, T, dk], [N, T, dk], [N, T, dv])")
        let scale = 1 / Double(queries.shape[2]).squareRoot()
        let scores = queries.matmul(keys.transposed(1, 2)) * scale
        let hidden = Variable(Tensor.full([], value: -1e9, dtype: queries.dtype))
        let masked = Variable.where(CausalDecay.causalMask(queries.shape[1]), scores, hidden)
        return masked.softmax(axis: -1).matmul(values)
    }
}
