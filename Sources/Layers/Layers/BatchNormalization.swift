import Autograd
import Tensor

/// The normalization step of `BatchNorm1d` and `BatchNorm2d` on `[N, C, L]` (their inputs reshaped), per channel
/// c: y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c, with the batch statistics over N and L in training (moving the running
/// statistics, unbiased variance) and the running ones in evaluation.
enum BatchNormalization {
    static func normalized(
        _ x: Variable, weight: Variable?, bias: Variable?, runningMean: Parameter, runningVariance: Parameter,
        momentum: Double, epsilon: Double, isTraining: Bool, layer: String
    ) -> Variable {
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
