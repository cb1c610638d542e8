import Autograd
import Tensor

/// What `BatchNorm1d` and `BatchNorm2d` share: γ, β and the running statistics, and the normalization of `[N, C, L]`
/// (their inputs reshaped), per channel
/// c: y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c, with the batch statistics over N and L in training (moving the running
/// statistics, unbiased variance) and the running ones in evaluation.
public class BatchNormalization: Module {
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
    /// The layer's name in messages.
    let layer: String

    init(featureCount: Int, epsilon: Double, momentum: Double, affine: Bool, dtype: DType, layer: String) {
        precondition(featureCount > 0, "\(layer): feature count must be positive, got \(featureCount)")
        precondition(momentum >= 0 && momentum <= 1, "\(layer): momentum \(momentum) is outside [0, 1]")
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        weight = affine ? Parameter(Tensor.ones([featureCount], dtype: dtype)) : nil
        bias = affine ? Parameter(Tensor.zeros([featureCount], dtype: dtype)) : nil
        runningMean = Parameter(Tensor.zeros([featureCount], dtype: dtype), isFrozen: true)
        runningVariance = Parameter(Tensor.ones([featureCount], dtype: dtype), isFrozen: true)
        self.layer = layer
        super.init()
    }

    /// x `[N, C, L]` normalized with γ = `weight`, β = `bias` (either may be nil).
    func normalized(_ x: Variable, weight: Variable?, bias: Variable?) -> Variable {
        let channels = x.shape[1]
        let channelShape = [channels, 1]
        let normalized: Variable
        if isTraining {
            let count = x.shape[0] * x.shape[2]
            precondition(
                count > 1, "\(layer): training needs more than one value per channel, got input \(x.shape)")
            let mean = x.mean(axes: [0, 2], keepDims: true)
            let centered = x - mean
            let variance = centered.square().mean(axes: [0, 2], keepDims: true)
            normalized = centered * (variance + epsilon).rsqrt()
            let unbiased = variance.value.reshaped([channels]) * (Double(count) / Double(count - 1))
            runningMean.assign(runningMean.value * (1 - momentum) + mean.value.reshaped([channels]) * momentum)
            runningVariance.assign(runningVariance.value * (1 - momentum) + unbiased * momentum)
        } else {
            let mean = Variable(runningMean.value.reshaped(channelShape))
            let scale = Variable((runningVariance.value + epsilon).rsqrt().reshaped(channelShape))
            normalized = (x - mean) * scale
        }
        var y = normalized
        if let weight { y = y * weight.reshaped(channelShape) }
        if let bias { y = y + bias.reshaped(channelShape) }
        return y
    }
}
