import Autograd
import Tensor

/// The linear recurrence x_k = a·x_{k−1} + b_k (x_{−1} = 0) along a sequence, by a parallel prefix scan.
///
/// The pairs (a, b) compose associatively, (a₁, b₁) ∘ (a₂, b₂) = (a₁a₂, a₂b₁ + b₂), so the recurrence is a scan.
/// This is the odd–even (recursive doubling) form of that scan for a time-invariant a: combine neighbours,
/// x_{2i+1} = a²·x_{2i−1} + (a·b_{2i} + b_{2i+1}), scan those L/2 pairs recursively with decay a², then fill in the
/// even steps, x_{2i} = a·x_{2i−1} + b_{2i}. Depth O(log L), work O(L): each level is a handful of differentiable
/// whole-tensor ops on half as many steps as the one above, instead of L sequential steps.
public enum LinearRecurrenceScan {
    /// - Parameters:
    ///   - decay: a `[M]`, complex (the diagonal of Ā).
    ///   - inputs: b `[batch, L, M]`, complex (B̄·u_k).
    /// - Returns: x `[batch, L, M]`.
    public static func scan(decay: ComplexVariable, inputs: ComplexVariable) -> ComplexVariable {
        precondition(
            inputs.shape.count == 3 && decay.shape == [inputs.shape[2]],
            "LinearRecurrenceScan: decay \(decay.shape) and inputs \(inputs.shape) are not [M] and [batch, L, M]")
        let (batch, length, size) = (inputs.shape[0], inputs.shape[1], inputs.shape[2])
        if length == 1 { return inputs }
        if length % 2 == 1 {
            // A zero step at the end changes none of the states before it.
            let padded = map(inputs) { $0.padded([(0, 1), (0, 0)]) }
            return map(scan(decay: decay, inputs: padded)) { $0.sliced(axis: 1, start: 0, end: length) }
        }
        let half = length / 2
        let pairs = inputs.reshaped([batch, half, 2, size])
        let even = map(pairs) { $0.selected(axis: 2, index: 0) }
        let odd = map(pairs) { $0.selected(axis: 2, index: 1) }
        let oddStates = scan(decay: decay * decay, inputs: odd + decay * even)  // x_1, x_3, …
        let previous = map(oddStates) { $0.sliced(axis: 1, start: 0, end: half - 1).padded([(1, 0), (0, 0)]) }
        let evenStates = even + decay * previous  // x_0, x_2, …
        return ComplexVariable(
            real: Variable.stacked([evenStates.real, oddStates.real], axis: 2).reshaped([batch, length, size]),
            imaginary: Variable.stacked([evenStates.imaginary, oddStates.imaginary], axis: 2).reshaped([
                batch, length, size,
            ]))
    }

    /// `transform` applied to both parts.
    private static func map(_ z: ComplexVariable, _ transform: (Variable) -> Variable) -> ComplexVariable {
        ComplexVariable(real: transform(z.real), imaginary: transform(z.imaginary))
    }
}
