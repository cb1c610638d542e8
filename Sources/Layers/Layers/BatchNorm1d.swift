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
public final class BatchNorm1d: BatchNormalization, UnaryLayer {
    public init(
        featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true,
        dtype: DType = .float32
    ) {
        super.init(
            featureCount: featureCount, epsilon: epsilon, momentum: momentum, affine: affine, dtype: dtype,
            layer: "BatchNorm1d")
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
        let y = normalized(x.rank == 2 ? x.reshaped(x.shape + [1]) : x, weight: weight, bias: bias)
        return x.rank == 2 ? y.reshaped(x.shape) : y
    }
}
