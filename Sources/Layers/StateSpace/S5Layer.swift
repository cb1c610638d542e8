import Autograd
import Foundation
import Tensor

/// A multi-input multi-output diagonal state-space layer (S5, Smith et al., 2023; S5-PTD with `.perturbedLegendre`):
/// one diagonal state of M complex states (conjugate-pair form) shared by all H channels, computed by a parallel scan.
/// With J `blocks` the P states form J blocks of P/J, each initialized from the same HiPPO-based diagonalization (a
/// block-diagonal A = diag(A_b, …, A_b) with V = diag(V_b, …, V_b), as S5's `--blocks`).
///
/// Λ = −e^{a} + i·b `[M]`, Δ = e^{`logStep`} `[M]` (one timescale per state), B̃ `[M, H]` and C̃ `[H, M]` complex as
/// real pairs, D `[H]`. With zero-order hold, Ā = e^{ΔΛ}, B̄ = (Ā − 1)/Λ·B̃;
/// x_k = Ā·x_{k−1} + B̄·u_k (`LinearRecurrenceScan`), y_k = 2·Re(C̃·x_k) + D·u_k.
/// Λ, Δ and B̃ train with their own learning-rate scale and no weight decay.
public final class S5Layer: Module, UnaryLayer {
    /// B `[P, H]` in HiPPO coordinates, before the basis change B̃ = V⁻¹B.
    public enum InputInitialization: Sendable {
        /// B ~ N(0, 1/H) (LeCun normal), as the S5 paper initializes it.
        case random
        /// Column k is r_k·B_HiPPO (B_n = √(2n+1)), r ~ N(0, 1/H): every channel drives the state along HiPPO-LegS's
        /// B with its own gain. The S5-PTD code uses HiPPO's B in every column for sequential CIFAR, the task of the
        /// paper's robustness test (README of github.com/AnnanYu/Approximate_Diagonal, S5-PTD/, and its
        /// `init_VinvB`); the random gains keep a pre-norm LayerNorm, whose outputs sum to zero over channels, from
        /// cancelling identical columns (B·u = B_HiPPO·Σ_k u_k = 0). Each channel's transfer function to the state
        /// then has S4D's spikes (same Λ, B̃ = V*B up to S4D's factor ½).
        case hippo
    }

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
    ///   - stateSize: P, the size of the block-diagonal state matrix; each block is a HiPPO-LegS matrix of size P/J
    ///     (even), so M = P/2 complex states (a few more for a perturbed matrix with real eigenvalues).
    ///   - blocks: J, which must divide P.
    ///   - initialization: `.legendre` (S5: the normal part's eigenvalues, unitary V) or `.perturbedLegendre`
    ///     (S5-PTD). B̃ = V⁻¹B and C̃ = CV with B `[P, H]` as `input` says and C `[H, P]` ~ N(0, 1) real.
    ///   - inputInitialization: B in HiPPO coordinates, `.random` (the S5 paper) or `.hippo`.
    ///   - stepRange: Δ is log-uniform in this range, per state.
    ///   - stateLearningRateScale: learning-rate scale of Λ, Δ and B̃ (which get no weight decay).
    ///   - dtype: the parameters' dtype (drawn in Float64, then cast).
    ///   - generator: the source of every random draw.
    public init(
        channels: Int, stateSize: Int, blocks: Int = 1, initialization: DiagonalInitialization = .legendre,
        input inputInitialization: InputInitialization = .random, stepRange: ClosedRange<Double> = 1e-3...1e-1,
        stateLearningRateScale: Double = 0.1, dtype: DType = .float32, using generator: inout RandomGenerator
    ) throws {
        precondition(
            blocks >= 1 && stateSize % blocks == 0 && (stateSize / blocks) % 2 == 0,
            "S5Layer: \(blocks) blocks do not split the state size \(stateSize) into even blocks")
        let blockSize = stateSize / blocks
        let state = try initialization.initialState(stateSize: blockSize, using: &generator)
        precondition(
            state.basis != nil, "S5Layer: needs a HiPPO-based initialization (.legendre or .perturbedLegendre)")
        let hippoInput: Tensor
        switch inputInitialization {
        case .random:
            hippoInput = Tensor.normal(
                [stateSize, channels], standardDeviation: 1 / Double(channels).squareRoot(), dtype: .float64,
                using: &generator)
        case .hippo:
            let gains = Tensor.normal(
                [1, channels], standardDeviation: 1 / Double(channels).squareRoot(), dtype: .float64, using: &generator)
            let column = HiPPO(.legendreScaled, stateSize: blockSize).inputVector.reshaped([blockSize, 1])
            hippoInput = Tensor.concatenated(Array(repeating: column, count: blocks), axis: 0).matmul(gains)
        }
        let hippoOutput = Tensor.normal([channels, stateSize], dtype: .float64, using: &generator)
        // B̃ = diag(V_b⁻¹, …)·B and C̃ = C·diag(V_b, …), block by block along the state axis.
        var inputs: [ComplexTensor] = []
        var outputs: [ComplexTensor] = []
        for block in 0..<blocks {
            inputs.append(try state.input(hippoInput.narrowed(axis: 0, start: block * blockSize, length: blockSize)))
            outputs.append(state.output(hippoOutput.narrowed(axis: 1, start: block * blockSize, length: blockSize)))
        }
        let input = ComplexTensor(
            real: Tensor.concatenated(inputs.map(\.real), axis: 0),
            imaginary: Tensor.concatenated(inputs.map(\.imaginary), axis: 0))
        let output = ComplexTensor(
            real: Tensor.concatenated(outputs.map(\.real), axis: 1),
            imaginary: Tensor.concatenated(outputs.map(\.imaginary), axis: 1))
        func tiled(_ x: Tensor) -> Tensor { Tensor.concatenated(Array(repeating: x, count: blocks), axis: 0) }
        let eigenvalues = ComplexTensor(
            real: tiled(state.eigenvalues.real), imaginary: tiled(state.eigenvalues.imaginary))
        func stateParameter(_ value: Tensor) -> Parameter {
            Parameter(value.cast(to: dtype), learningRateScale: stateLearningRateScale, weightDecay: 0)
        }
        logStep = stateParameter(
            Tensor.uniform(
                [eigenvalues.shape[0]], low: Foundation.log(stepRange.lowerBound),
                high: Foundation.log(stepRange.upperBound),
                dtype: .float64, using: &generator))
        logNegativeRealEigenvalues = stateParameter(eigenvalues.real.negated().log())
        imaginaryEigenvalues = stateParameter(eigenvalues.imaginary)
        inputReal = stateParameter(input.real)
        inputImaginary = stateParameter(input.imaginary)
        outputReal = Parameter(output.real.cast(to: dtype))
        outputImaginary = Parameter(output.imaginary.cast(to: dtype))
        skip = Parameter(Tensor.normal([channels], dtype: dtype, using: &generator))
        super.init()
    }

    /// H.
    public var channels: Int { skip.shape[0] }
    /// N = 2M, the real state dimension of the conjugate-pair system, as `S4DLayer.stateSize` (P of the matrix it was
    /// built from, plus its real eigenvalues for a perturbed initialization).
    public var stateSize: Int { 2 * complexStateCount }
    /// M, the complex states.
    public var complexStateCount: Int { imaginaryEigenvalues.shape[0] }

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
