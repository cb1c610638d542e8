import Autograd
import Tensor

/// The linear recurrence x_k = a·x_{k−1} + b_k (x_{−1} = 0) along a sequence, by a parallel prefix scan.
///
/// The pairs (a, b) compose associatively, (a₁, b₁) ∘ (a₂, b₂) = (a₁a₂, a₂b₁ + b₂), so the recurrence is a scan.
/// This is the Hillis–Steele (Kogge–Stone) form for a time-invariant a: after the round with offset d,
/// x_k = Σ_{j=k−2d+1}^{k} a^{k−j}·b_j, computed as x_k += a^d·x_{k−d}, with a^d squared each round. ⌈log₂ L⌉ rounds
/// of whole-sequence complex multiply-adds (O(L log L) work, each round a handful of differentiable ops on the full
/// tensor, instead of L sequential steps).
public enum LinearRecurrenceScan {
    /// - Parameters:
    ///   - decay: a `[M]`, complex (the diagonal of Ā).
    ///   - inputs: b `[batch, L, M]`, complex (B̄·u_k).
    /// - Returns: x `[batch, L, M]`.
    public static func scan(decay: ComplexVariable, inputs: ComplexVariable) -> ComplexVariable {
        precondition(
            inputs.shape.count == 3 && decay.shape == [inputs.shape[2]],
            "LinearRecurrenceScan: decay \(decay.shape) and inputs \(inputs.shape) are not [M] and [batch, L, M]")
        let length = inputs.shape[1]
        var state = inputs
        var power = decay
        var offset = 1
        while offset < length {
            let shift = offset
            func shifted(_ x: Variable) -> Variable {
                x.sliced(axis: 1, start: 0, end: length - shift).padded([(shift, 0), (0, 0)])
            }
            state = state + power * ComplexVariable(real: shifted(state.real), imaginary: shifted(state.imaginary))
            power = power * power
            offset *= 2
        }
        return state
    }
}
