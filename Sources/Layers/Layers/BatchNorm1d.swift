import Autograd
import Tensor

/// Batch normalization (Ioffe and Szegedy 2015) of `[N, C]` or `[N, C, L]` over the batch (and length) axes, per
/// channel:
///
///     y = (x − μ_c) / √(σ²_c + ε) · γ_c + β_c
///
/// In training, μ and σ² are the mean and population variance of the batch over N (and L), and the running
/// statistics move towards them: r ← (1 − momentum)·r + momentum·s, with the unbiased variance
/// (·n/(n − 1), n = N·L) for `runningVariance`, as PyTorch does. In evaluation mode (`eval()`) μ and σ² are the
/// running statistics, and y is affine in x.
///
/// The running statistics are state, not trainable weights: frozen `Parameter`s (no gradient, skipped by
/// optimizers), so they are found by `namedParameters()` under `runningMean` and `runningVariance` and saved
/// with the weights. γ (`weight`, ones) and β (`bias`, zeros) exist only when `affine`.
public final class BatchNorm1d: Module, UnaryLayer {
    public let featureCount: Int
    public let epsilon: Double
    public let momentum: Double
    /// γ, `[C]`; nil unless affine.
    public let weight: Parameter?
    /// β, `[C]`; nil unless affine.
    public let bias: Parameter?
    /// The running mean, `[C]` (frozen), starting at 0.
    public let runningMean: Parameter
    /// The running unbiased variance, `[C]` (frozen), starting at 1.
    public let runningVariance: Parameter

    public init(
        featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true,
        dtype: DType = .float32
    ) {
        precondition(featureCount > 0, "BatchNorm1d: feature count must be positive, got \(featureCount)")
        precondition(momentum >= 0 && momentum <= 1, "BatchNorm1d: momentum \(momentum) is outside [0, 1]")
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        weight = affine ? Parameter(Tensor.ones([featureCount], dtype: dtype)) : nil
        bias = affine ? Parameter(Tensor.zeros([featureCount], dtype: dtype)) : nil
        runningMean = Parameter(Tensor.zeros([featureCount], dtype: dtype), isFrozen: true)
        runningVariance = Parameter(Tensor.ones([featureCount], dtype: dtype), isFrozen: true)
        super.init()
    }

    /// `[N, C]` or `[N, C, L]` → the same shape. In training mode this also updates the running statistics.
    public func callAsFunction(_ x: Variable) -> Variable {
        callAsFunction(x, weight: weight?.variable, bias: bias?.variable)
    }

    /// The normalization with the given γ and β in place of the stored ones (functional use); the running
    /// statistics are read or updated as in `callAsFunction(_:)`.
    public func callAsFunction(_ x: Variable, weight: Variable?, bias: Variable?) -> Variable {
        precondition(
            (x.rank == 2 || x.rank == 3) && x.shape[1] == featureCount,
            "BatchNorm1d: input \(x.shape) must be [N, \(featureCount)] or [N, \(featureCount), L]")
        precondition(
            x.dtype == runningMean.dtype, "BatchNorm1d: input is \(x.dtype) but the layer is \(runningMean.dtype)")
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            guard let parameter else { continue }
            precondition(
                parameter.shape == [featureCount] && parameter.dtype == x.dtype,
                "BatchNorm1d: \(name) \(parameter.shape) \(parameter.dtype) for \(featureCount) features and input "
                    + "\(x.dtype)")
        }
        let y = BatchNormalization.normalized(
            x.rank == 2 ? x.reshaped(x.shape + [1]) : x, weight: weight, bias: bias, runningMean: runningMean,
            runningVariance: runningVariance, momentum: momentum, epsilon: epsilon, isTraining: isTraining,
            layer: "BatchNorm1d")
        return x.rank == 2 ? y.reshaped(x.shape) : y
    }
}
