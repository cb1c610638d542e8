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
/// let copy = S4DLayer(parameters: layer.parameterValues.cast(to: .float64))
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

    /// A layer whose parameters start as `initialization` says, drawn from `generator`.
    ///
    /// As the authors' code (state-spaces/s4 `dplr.py`, `SSMKernelDiag`): C is complex standard normal in the diagonal
    /// coordinates (E|C_m|² = 1) and D standard normal. B is 1 for the closed forms; for S4D-LegS it is V*B_HiPPO (V
    /// unitary) with Im B clipped to [−2, 2] and no ½ (the ½ of the kernel-convergence theorem is dropped by the
    /// authors "for simplicity"). `.perturbedLegendre` follows the S4-PTD authors' code instead: B = Ṽ⁻¹B_HiPPO and
    /// C = C₀Ṽ with C₀ standard normal in HiPPO coordinates (real eigenvalues' columns halved).
    /// - Parameters:
    ///   - channels: H.
    ///   - stateSize: N (even), the authors' `d_state`; the layer keeps M = N/2 complex states ((N + r)/2 for a
    ///     perturbed matrix with r real eigenvalues).
    ///   - initialization: Λ's start (`DiagonalInitialization`).
    ///   - discretization: how Λ and B become Ā and B̄ (`Discretization`).
    ///   - stepRange: Δ is log-uniform in this range, per channel.
    ///   - stateLearningRateScale: learning-rate scale of Λ, Δ and B (which get no weight decay).
    ///   - dtype: the parameters' dtype (drawn in Float64, then cast).
    ///   - generator: the source of every random draw.
    public convenience init(
        channels: Int, stateSize: Int, initialization: DiagonalInitialization = .inverse,
        discretization: Discretization = .zeroOrderHold, stepRange: ClosedRange<Double> = 1e-3...1e-1,
        stateLearningRateScale: Double = 0.1, dtype: DType = .float32, using generator: inout RandomGenerator
    ) throws {
        precondition(channels >= 1, "S4DLayer: needs at least one channel, got \(channels)")
        let state = try initialization.initialState(stateSize: stateSize, using: &generator)
        let size = state.size
        func perChannel(_ row: Tensor) -> Tensor {
            row.reshaped([1, size]).expanded(to: [channels, size]).contiguous()
        }
        let input: ComplexTensor
        let output: ComplexTensor
        switch initialization {
        case .legendre:
            let transformed = try state.input(HiPPO(.legendreScaled, stateSize: stateSize).inputVector)
            input = ComplexTensor(real: transformed.real, imaginary: transformed.imaginary.clamped(min: -2, max: 2))
            output = Self.complexNormal([channels, size], using: &generator)
        case .perturbedLegendre:
            input = try state.input(HiPPO(.legendreScaled, stateSize: stateSize).inputVector)
            output = state.output(Tensor.normal([channels, stateSize], dtype: .float64, using: &generator))
        case .linear, .inverse, .randomReal, .randomImaginary, .random:
            input = ComplexTensor(
                real: Tensor.ones([size], dtype: .float64), imaginary: Tensor.zeros([size], dtype: .float64))
            output = Self.complexNormal([channels, size], using: &generator)
        }
        let logStep = Tensor.uniform(
            [channels], low: Foundation.log(stepRange.lowerBound), high: Foundation.log(stepRange.upperBound),
            dtype: .float64, using: &generator)
        let parameters = Parameters(
            step: logStep.exp(),
            eigenvalues: ComplexTensor(
                real: perChannel(state.eigenvalues.real), imaginary: perChannel(state.eigenvalues.imaginary)),
            input: ComplexTensor(real: perChannel(input.real), imaginary: perChannel(input.imaginary)),
            output: output, skip: Tensor.normal([channels], dtype: .float64, using: &generator))
        self.init(
            parameters: parameters.cast(to: dtype), discretization: discretization,
            stateLearningRateScale: stateLearningRateScale)
    }

    /// A layer with the given parameter values (`Parameters`, one floating dtype, which the layer keeps).
    public init(
        parameters: Parameters, discretization: Discretization = .zeroOrderHold, stateLearningRateScale: Double = 0.1
    ) {
        func stateParameter(_ value: Tensor) -> Parameter {
            Parameter(value, learningRateScale: stateLearningRateScale, weightDecay: 0)
        }
        logStep = stateParameter(parameters.step.log())
        logNegativeRealEigenvalues = stateParameter(parameters.eigenvalues.real.negated().log())
        imaginaryEigenvalues = stateParameter(parameters.eigenvalues.imaginary)
        inputReal = stateParameter(parameters.input.real)
        inputImaginary = stateParameter(parameters.input.imaginary)
        outputReal = Parameter(parameters.output.real)
        outputImaginary = Parameter(parameters.output.imaginary)
        skip = Parameter(parameters.skip)
        self.discretization = discretization
        super.init()
    }

    /// Complex standard normal samples (real and imaginary parts N(0, ½), as `torch.randn` of a complex dtype).
    private static func complexNormal(_ shape: [Int], using generator: inout RandomGenerator) -> ComplexTensor {
        let std = 0.5.squareRoot()
        return ComplexTensor(
            real: Tensor.normal(shape, standardDeviation: std, dtype: .float64, using: &generator),
            imaginary: Tensor.normal(shape, standardDeviation: std, dtype: .float64, using: &generator))
    }

    /// H.
    public var channels: Int { skip.shape[0] }
    /// N = 2M, the real state dimension of each channel's conjugate-pair system (M complex states); for a perturbed
    /// initialization with r real eigenvalues, N + r of the matrix it was built from.
    public var stateSize: Int { 2 * complexStateCount }
    /// M, the complex states each channel keeps.
    public var complexStateCount: Int { imaginaryEigenvalues.shape[1] }

    /// The current values of the parameters (a copy): `S4DLayer(parameters:)` rebuilds the layer from them.
    public var parameterValues: Parameters {
        Parameters(
            step: logStep.value.exp(),
            eigenvalues: ComplexTensor(
                real: logNegativeRealEigenvalues.value.exp().negated(), imaginary: imaginaryEigenvalues.value),
            input: ComplexTensor(real: inputReal.value, imaginary: inputImaginary.value),
            output: ComplexTensor(real: outputReal.value, imaginary: outputImaginary.value), skip: skip.value)
    }

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
