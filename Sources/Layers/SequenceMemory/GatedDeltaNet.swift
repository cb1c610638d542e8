import Autograd
import Tensor

/// The memory of Gated DeltaNet (Yang, Kautz and Hatamizadeh, 2025): one matrix S [dv, dk] updated by a gated
/// delta rule and read at the query,
///
///     S_t = γ_t S_{t−1}(I − β_t k_t k_tᵀ) + β_t v_t k_tᵀ = γ_t S_{t−1} + β_t (v_t − γ_t S_{t−1} k_t) k_tᵀ,
///     y_t = S_t q_t,
///
/// one step of online gradient descent on ‖S k_t − v_t‖² per token: Gated KalmaNet's recurrence with the error
/// covariance replaced by the identity. Run as a scan over T with backpropagation through time.
public enum GatedDeltaNet {
    /// queries, keys [N, T, dk]; values [N, T, dv]; logDecays [N, T] (log γ_t ≤ 0); writeStrengths [N, T]
    /// (β_t ∈ (0, 1], keys of unit norm keep the update contractive) → y [N, T, dv].
    public static func readout(
        queries: Variable, keys: Variable, values: Variable, logDecays: Variable, writeStrengths: Variable
    ) -> Variable {
        let (n, t) = (queries.shape[0], queries.shape[1])
        precondition(
            queries.rank == 3 && keys.shape == queries.shape && values.rank == 3
                && Array(values.shape.prefix(2)) == [n, t] && logDecays.shape == [n, t]
                && writeStrengths.shape == [n, t],
            "GatedDeltaNet.readout: queries \(queries.shape), keys \(keys.shape), values \(values.shape), "
                + "log-decays \(logDecays.shape), write strengths \(writeStrengths.shape) do not match "
                + "([N, T, dk], [N, T, dk], [N, T, dv], [N, T], [N, T])")
        let (dk, dv) = (keys.shape[2], values.shape[2])
        let decays = logDecays.exp()
        var state = Variable(Tensor.zeros([n, dv, dk], dtype: queries.dtype))
        var outputs: [Variable] = []
        for step in 0..<t {
            let k = keys.selected(axis: 1, index: step)  // [N, dk]
            let gamma = decays.narrowed(axis: 1, start: step, length: 1)  // [N, 1]
            let beta = writeStrengths.narrowed(axis: 1, start: step, length: 1)  // [N, 1]
            let predicted = gamma * state.batchedMatrixVectorProduct(k)  // [N, dv]
            let error = beta * (values.selected(axis: 1, index: step) - predicted)  // [N, dv]
            state = gamma.unsqueezed(axis: -1) * state + error.unsqueezed(axis: -1) * k.unsqueezed(axis: -2)
            outputs.append(state.batchedMatrixVectorProduct(queries.selected(axis: 1, index: step)))
        }
        return Variable.stacked(outputs, axis: 1)
    }
}
