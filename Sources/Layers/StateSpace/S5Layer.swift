import Autograd
import Foundation
import Tensor

/// A multi-input multi-output diagonal state-space layer (S5, Smith et al., 2023; S5-PTD with `.perturbedLegendre`):
/// one diagonal state of M complex states (conjugate-pair form) shared by all H channels, computed by a parallel scan.
///
/// Λ = −e^{a} + i·b `[M]`, Δ = e^{`logStep`} `[M]` (one timescale per state), B̃ `[M, H]` and C̃ `[H, M]` complex as
/// real pairs, D `[H]`. With zero-order hold, Ā = e^{ΔΛ}, B̄ = (Ā − 1)/Λ·B̃;
/// x_k = Ā·x_{k−1} + B̄·u_k (`LinearRecurrenceScan`), y_k = 2·Re(C̃·x_k) + D·u_k.
/// Λ, Δ and B̃ train with their own learning-rate scale and no weight decay.
public final class S5Layer: Module, UnaryLayer {
    /// log Δ `[M]`.
    public let logStep: Parameter
    /// log(−Re Λ) `[M]`.
    public let logNegativeRealEigenvalues: Parameter
    /// Im Λ `[M]`.
    public let imaginaryEigenvalues: Parameter
    /// Re B̃, Im B̃ `[M, H]`.
    public let inputReal: Parameter, inputImaginary: Parameter
    /// Re C̃, Im C̃ `[H, M]`.
    public let outputReal: Parameter, outputImaginary: Parameter
    /// D `[H]`.
    public let skip: Parameter

    /// - Parameters:
    ///   - channels: H.
    ///   - stateSize: P (even), the size of the HiPPO-LegS matrix; M = P/2 complex states (a few more for a perturbed
    ///     matrix with real eigenvalues).
    ///   - initialization: `.legendre` (S5: the normal part's eigenvalues, unitary V) or `.perturbedLegendre`
    ///     (S5-PTD). B̃ = V⁻¹B and C̃ = CV with B `[P, H]` ~ N(0, 1/H) and C `[H, P]` ~ N(0, 1) real.
    ///   - stepRange: Δ is log-uniform in this range, per state.
    public init(
        channels: Int, stateSize: Int, initialization: DiagonalInitialization = .legendre,
        stepRange: ClosedRange<Double> = 1e-3...1e-1, stateLearningRateScale: Double = 0.1, dtype: DType = .float64,
        using generator: inout RandomGenerator
    ) throws {
        let state = try initialization.initialState(stateSize: stateSize, using: &generator)
        precondition(
            state.basis != nil, "S5Layer: needs a HiPPO-based initialization (.legendre or .perturbedLegendre)")
        let input = try state.input(
            Tensor.normal(
                [stateSize, channels], std: 1 / Double(channels).squareRoot(), dtype: .float64, using: &generator))
        let output = state.output(Tensor.normal([channels, stateSize], dtype: .float64, using: &generator))
        func stateParameter(_ value: Tensor) -> Parameter {
            Parameter(value.cast(to: dtype), learningRateScale: stateLearningRateScale, weightDecay: 0)
        }
        logStep = stateParameter(
            Tensor.uniform(
                [state.size], low: Foundation.log(stepRange.lowerBound), high: Foundation.log(stepRange.upperBound),
                dtype: .float64, using: &generator))
        logNegativeRealEigenvalues = stateParameter(state.eigenvalues.real.negated().log())
        imaginaryEigenvalues = stateParameter(state.eigenvalues.imaginary)
        inputReal = stateParameter(input.real)
        inputImaginary = stateParameter(input.imaginary)
        outputReal = Parameter(output.real.cast(to: dtype))
        outputImaginary = Parameter(output.imaginary.cast(to: dtype))
        skip = Parameter(Tensor.normal([channels], dtype: dtype, using: &generator))
        super.init()
    }

    /// H.
    public var channels: Int { skip.shape[0] }
    /// M.
    public var stateCount: Int { imaginaryEigenvalues.shape[0] }

    /// Λ `[M]`.
    public var eigenvalues: ComplexVariable {
        ComplexVariable(real: -logNegativeRealEigenvalues.variable.exp(), imaginary: imaginaryEigenvalues.variable)
    }

    /// Ā `[M]` and B̄ `[M, H]`.
    public func discretized() -> (state: ComplexVariable, input: ComplexVariable) {
        let (state, inputFactor) = Discretization.zeroOrderHold.discretized(eigenvalues, step: logStep.variable.exp())
        let b = ComplexVariable(real: inputReal.variable, imaginary: inputImaginary.variable)
        return (state, b * inputFactor.unsqueezed(axis: 1))
    }

    /// `[batch, L, H]` → `[batch, L, H]`.
    public func callAsFunction(_ u: Variable) -> Variable {
        precondition(u.rank == 3 && u.shape[2] == channels, "S5Layer: input \(u.shape) is not [batch, L, \(channels)]")
        let (state, input) = discretized()
        // B̄·u_k for every step: [batch, L, M].
        let projected = ComplexVariable(
            real: u.matmul(input.real.transposed()), imaginary: u.matmul(input.imaginary.transposed()))
        let x = LinearRecurrenceScan.scan(decay: state, inputs: projected)
        let y =
            x.real.matmul(outputReal.variable.transposed()) - x.imaginary.matmul(outputImaginary.variable.transposed())
        return y * 2 + u * skip.variable
    }
}
