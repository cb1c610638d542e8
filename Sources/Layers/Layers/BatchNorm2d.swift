import Autograd
import Tensor

/// Batch normalization of `[N, C, H, W]` over the batch and both spatial axes, per channel (PyTorch's
/// `BatchNorm2d`): y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c, with μ and σ² the batch's mean and population variance
/// over N·H·W values in training (the running statistics move towards them, with the unbiased variance) and the
/// running statistics in evaluation mode. Parameters and state as in `BatchNorm1d`.
public final class BatchNorm2d: BatchNormalization, UnaryLayer {
    public init(
        featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true,
        dtype: DType = .float32
    ) {
        super.init(
            featureCount: featureCount, epsilon: epsilon, momentum: momentum, affine: affine, dtype: dtype,
            layer: "BatchNorm2d")
    }

    /// `[N, C, H, W]` → the same shape. In training mode this also updates the running statistics.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.rank == 4 && x.shape[1] == featureCount,
            "BatchNorm2d: input \(x.shape) must be [N, \(featureCount), H, W]")
        precondition(
            x.dtype == runningMean.dtype, "BatchNorm2d: input is \(x.dtype) but the layer is \(runningMean.dtype)")
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let y = normalized(x.reshaped([n, featureCount, h * w]), weight: weight?.variable, bias: bias?.variable)
        return y.reshaped(x.shape)
    }
}
