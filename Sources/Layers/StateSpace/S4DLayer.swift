import Autograd
import Foundation
import Tensor

/// A diagonal state-space layer (S4D, Gu et al., 2022; S4-PTD with `.perturbedLegendre`): H independent
/// single-input single-output SSMs, one per channel, each with M complex states in conjugate-pair form.
///
/// Per channel h: Λ = −e^{a} + i·b (a = `logNegativeRealEigenvalues`, b = `imaginaryEigenvalues`, `[H, M]`),
/// Δ = e^{`logStep`} `[H]`, complex B and C `[H, M]` stored as real pairs, D = `skip` `[H]`. The kernel is
/// K_l = 2·Re Σ_m C_m·B̄_m·Ā_m^l (`VandermondeKernel`), the output y = K ∗ u + D·u (`CausalConvolution`).
/// Λ, Δ and B are registered with their own learning-rate scale and no weight decay, as S4 does.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let layer = try S4DLayer(channels: 32, stateSize: 64, initialization: .inverse, using: &generator)
/// let y = layer(Variable(u))           // u [batch, L, 32] → y [batch, L, 32]
/// let z = layer.recurrentOutput(u)     // the same by the recurrence
/// ```
public final class S4DLayer: Module, UnaryLayer {
    /// log Δ `[H]`.
    public let logStep: Parameter
    /// log(−Re Λ) `[H, M]`.
    public let logNegativeRealEigenvalues: Parameter
    /// Im Λ `[H, M]`.
    public let imaginaryEigenvalues: Parameter
    /// Re B, Im B `[H, M]`.
    public let inputReal: Parameter, inputImaginary: Parameter
    /// Re C, Im C `[H, M]`.
    public let outputReal: Parameter, outputImaginary: Parameter
    /// D `[H]`.
    public let skip: Parameter
    public let discretization: Discretization

    /// - Parameters:
    ///   - channels: H.
    ///   - stateSize: N (even); M = N/2 complex states (a few more for a perturbed matrix with real eigenvalues).
    ///   - initialization: Λ's start. HiPPO-based ones set B = V⁻¹B_HiPPO (halved for `.legendre`, S4D-LegS) and
    ///     C = C₀V with C₀ standard normal in HiPPO coordinates; the closed forms set B = 1 and C complex standard
    ///     normal (E|C|² = 1).
    ///   - stepRange: Δ is log-uniform in this range, per channel.
    ///   - stateLearningRateScale: learning-rate scale of Λ, Δ and B (which get no weight decay).
    public init(
        channels: Int, stateSize: Int, initialization: DiagonalInitialization = .inverse,
        discretization: Discretization = .zeroOrderHold, stepRange: ClosedRange<Double> = 1e-3...1e-1,
        stateLearningRateScale: Double = 0.1, dtype: DType = .float64, using generator: inout RandomGenerator
    ) throws {
        let state = try initialization.initialState(stateSize: stateSize, using: &generator)
        let size = state.size
        let eigenvalues = state.eigenvalues
        func perChannel(_ row: Tensor) -> Tensor {
            row.reshaped([1, size]).expanded(to: [channels, size]).contiguous()
        }
        let input: ComplexTensor
        let output: ComplexTensor
        if state.basis != nil {
            let hippo = HiPPO(.legendreScaled, stateSize: stateSize).inputVector
            let scale: Double = if case .legendre = initialization { 0.5 } else { 1 }
            input = try state.input(hippo * scale)
            output = state.output(Tensor.normal([channels, stateSize], dtype: .float64, using: &generator))
        } else {
            input = ComplexTensor(
                real: Tensor.ones([size], dtype: .float64), imaginary: Tensor.zeros([size], dtype: .float64))
            let std = 0.5.squareRoot()
            output = ComplexTensor(
                real: Tensor.normal([channels, size], std: std, dtype: .float64, using: &generator),
                imaginary: Tensor.normal([channels, size], std: std, dtype: .float64, using: &generator))
        }
        let logStep = Tensor.uniform(
            [channels], low: Foundation.log(stepRange.lowerBound), high: Foundation.log(stepRange.upperBound),
            dtype: .float64, using: &generator)
        func stateParameter(_ value: Tensor) -> Parameter {
            Parameter(value.cast(to: dtype), learningRateScale: stateLearningRateScale, weightDecay: 0)
        }
        self.logStep = stateParameter(logStep)
        logNegativeRealEigenvalues = stateParameter(perChannel(eigenvalues.real.negated().log()))
        imaginaryEigenvalues = stateParameter(perChannel(eigenvalues.imaginary))
        inputReal = stateParameter(perChannel(input.real))
        inputImaginary = stateParameter(perChannel(input.imaginary))
        outputReal = Parameter(output.real.cast(to: dtype))
        outputImaginary = Parameter(output.imaginary.cast(to: dtype))
        skip = Parameter(Tensor.normal([channels], dtype: dtype, using: &generator))
        self.discretization = discretization
        super.init()
    }

    /// H.
    public var channels: Int { skip.shape[0] }
    /// M, the number of complex states per channel.
    public var stateCount: Int { imaginaryEigenvalues.shape[1] }

    /// Λ `[H, M]`.
    public var eigenvalues: ComplexVariable {
        ComplexVariable(real: -logNegativeRealEigenvalues.variable.exp(), imaginary: imaginaryEigenvalues.variable)
    }

    /// Δ `[H, 1]`.
    var step: Variable { logStep.variable.exp().unsqueezed(axis: 1) }

    /// The convolution kernel K `[H, L]` for sequences of `length`.
    public func kernel(length: Int) -> Variable {
        let lambda = eigenvalues
        let (_, inputFactor) = discretization.discretized(lambda, step: step)
        let b = ComplexVariable(real: inputReal.variable, imaginary: inputImaginary.variable)
        let c = ComplexVariable(real: outputReal.variable, imaginary: outputImaginary.variable)
        let coefficients = c * b * inputFactor
        return VandermondeKernel.realPart(
            coefficients: coefficients, logStates: discretization.logState(lambda, step: step), length: length) * 2
    }

    /// y = K ∗ u + D·u: `[batch, L, H]` → `[batch, L, H]`.
    public func callAsFunction(_ u: Variable) -> Variable {
        precondition(
            u.rank == 3 && u.shape[2] == channels, "S4DLayer: input \(u.shape) is not [batch, L, \(channels)]")
        let channelsFirst = u.permuted([0, 2, 1])  // [batch, H, L]
        let convolved = CausalConvolution.apply(channelsFirst, kernel: kernel(length: u.shape[1]))
        return convolved.permuted([0, 2, 1]) + u * skip.variable
    }

    /// The same map computed step by step by the recurrence (no gradients): `[batch, L, H]` → `[batch, L, H]`.
    public func recurrentOutput(_ u: Tensor) -> Tensor {
        withoutGradients {
            let (state, inputFactor) = discretization.discretized(eigenvalues, step: step)
            let b = ComplexVariable(real: inputReal.variable, imaginary: inputImaginary.variable)
            return DiagonalRecurrence.run(
                state: state.values, input: (b * inputFactor).values,
                output: ComplexTensor(real: outputReal.value, imaginary: outputImaginary.value), skip: skip.value,
                sequence: u)
        }
    }
}
