import Autograd
import Tensor

/// How a continuous-time diagonal system x′ = Λx + Bu becomes the recurrence x_k = Ā·x_{k−1} + B̄·u_k with step Δ.
public enum Discretization: Sendable, CaseIterable {
    /// Zero-order hold (the input is constant over each step): Ā = e^{ΔΛ}, B̄ = (e^{ΔΛ} − 1)/Λ·B.
    case zeroOrderHold
    /// Bilinear (Tustin): Ā = (1 + ΔΛ/2)/(1 − ΔΛ/2), B̄ = Δ/(1 − ΔΛ/2)·B.
    case bilinear

    /// Ā and the factor B̄/B, elementwise for diagonal Λ (any shape) and a real step Δ that broadcasts against it.
    public func discretized(_ lambda: ComplexVariable, step: Variable) -> (
        state: ComplexVariable, input: ComplexVariable
    ) {
        let scaled = lambda * step
        switch self {
        case .zeroOrderHold:
            let state = scaled.exp()
            let growth = ComplexVariable(real: state.real - 1, imaginary: state.imaginary)
            return (state, growth / lambda)
        case .bilinear:
            let half = scaled * 0.5
            let numerator = ComplexVariable(real: half.real + 1, imaginary: half.imaginary)
            let denominator = ComplexVariable(real: 1 - half.real, imaginary: -half.imaginary)
            return (numerator / denominator, ComplexVariable(real: step.expanded(to: scaled.shape)) / denominator)
        }
    }

    /// log Ā, the exponent of the Vandermonde kernel Ā^l = e^{l·log Ā}: exactly ΔΛ for zero-order hold, the principal
    /// logarithm of (1 + ΔΛ/2)/(1 − ΔΛ/2) for bilinear.
    public func logState(_ lambda: ComplexVariable, step: Variable) -> ComplexVariable {
        switch self {
        case .zeroOrderHold: lambda * step
        case .bilinear: discretized(lambda, step: step).state.logarithm()
        }
    }
}
