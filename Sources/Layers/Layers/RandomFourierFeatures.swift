import Autograd
import Tensor

/// Random Fourier features (Tancik et al. 2020): `[…, inputDimensions]` → `[…, 2·featureCount]`,
///
///     γ(x) = [cos(2π·x·B), sin(2π·x·B)],   B ~ N(0, σ²) of shape [inputDimensions, featureCount]
///
/// They let a coordinate MLP (a PINN, a neural field) fit high frequencies; σ sets the bandwidth. B is fixed by
/// default (a frozen parameter: saved with the model, no gradient) or trainable. Differentiable to every order in
/// x (PINN residuals take second derivatives through it).
///
/// ```swift
/// let features = RandomFourierFeatures(inputDimensions: 2, featureCount: 128, standardDeviation: 10, using: &generator)
/// let model = Sequential { features; MLP([256, 128, 1], using: &generator) }
/// ```
public final class RandomFourierFeatures: Module, UnaryLayer {
    /// B, `[inputDimensions, featureCount]`.
    public let frequencies: Parameter

    /// Features with the given frequencies B `[inputDimensions, featureCount]`, trainable or fixed.
    public init(frequencies: Tensor, isTrainable: Bool = false) {
        precondition(
            frequencies.rank == 2,
            "RandomFourierFeatures: frequencies must be [inputDimensions, featureCount], got \(frequencies.shape)")
        self.frequencies = Parameter(frequencies, isFrozen: !isTrainable)
        super.init()
    }

    /// Features with B drawn from N(0, standardDeviation²).
    public convenience init(
        inputDimensions: Int, featureCount: Int, standardDeviation: Double = 1, isTrainable: Bool = false,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        let b = Initializer.normal(standardDeviation: standardDeviation).make(
            shape: [inputDimensions, featureCount], dtype: dtype, using: &generator)
        self.init(frequencies: b, isTrainable: isTrainable)
    }

    public var inputDimensions: Int { frequencies.shape[0] }
    public var featureCount: Int { frequencies.shape[1] }

    /// `[…, inputDimensions]` → `[…, 2·featureCount]`.
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x, frequencies: frequencies.variable) }

    /// The features with the given B in place of the stored one (functional use).
    public func callAsFunction(_ x: Variable, frequencies: Variable) -> Variable {
        precondition(
            x.shape.last == frequencies.shape[0] && x.dtype == frequencies.dtype,
            "RandomFourierFeatures: input \(x.shape) \(x.dtype) must end in \(frequencies.shape[0]) for frequencies "
                + "\(frequencies.shape) \(frequencies.dtype)")
        let phase = x.matmul(frequencies) * (2 * Double.pi)
        return Variable.concatenated([phase.cos(), phase.sin()], axis: -1)
    }
}
