import Autograd
import Tensor

/// How a loss combines the per-element (or per-sample) values.
public enum LossReduction: Sendable {
    case mean, sum, none
}

/// Loss functions. Inputs are variables (`prediction`, logits) and targets are constants unless stated.
public enum Loss {
    /// Mean squared error: mean((ŷ − y)²).
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean)
        -> Variable
    {
        reduce((prediction - target).square(), reduction)
    }

    /// Mean absolute error: mean|ŷ − y|.
    public static func l1(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) -> Variable {
        reduce((prediction - target).abs(), reduction)
    }

    /// Huber loss with threshold δ: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond.
    public static func huber(_ prediction: Variable, _ target: Variable, delta: Double = 1, reduction: LossReduction = .mean)
        -> Variable
    {
        let r = prediction - target
        let a = r.abs()
        let quadratic = r.square() * 0.5
        let linear = (a - 0.5 * delta) * delta
        return reduce(Variable.where(a.value.compared(.lessEqual, scalar: delta), quadratic, linear), reduction)
    }

    /// Softmax cross-entropy from logits `[N, C]` (or `[N, C, …]`) and int64 class labels `[N]` (`[N, …]`), with
    /// optional label smoothing ε: the target puts 1 − ε on the label and ε/C on every class.
    public static func crossEntropy(
        logits: Variable, labels: Tensor, labelSmoothing: Double = 0, reduction: LossReduction = .mean
    ) -> Variable {
        precondition(labels.dtype == .int64, "crossEntropy: labels must be int64 class indices, got \(labels.dtype)")
        precondition(
            logits.rank >= 2 && labels.shape == [logits.shape[0]] + Array(logits.shape.dropFirst(2)),
            "crossEntropy: logits \(logits.shape) and labels \(labels.shape) do not match ([N, C, …] and [N, …])")
        let logProbabilities = logits.logSoftmax(axis: 1)
        let picked = logProbabilities.gathered(axis: 1, indices: labels.unsqueezed(axis: 1)).squeezed(axis: 1)
        var perSample = -picked
        if labelSmoothing > 0 {
            let classes = Double(logits.shape[1])
            perSample = perSample * (1 - labelSmoothing) - logProbabilities.sum(axes: [1]) * (labelSmoothing / classes)
        }
        return reduce(perSample, reduction)
    }

    /// Negative log-likelihood from log-probabilities `[N, C]` and int64 labels `[N]`.
    public static func negativeLogLikelihood(
        logProbabilities: Variable, labels: Tensor, reduction: LossReduction = .mean
    ) -> Variable {
        precondition(labels.dtype == .int64, "negativeLogLikelihood: labels must be int64, got \(labels.dtype)")
        return reduce(-logProbabilities.gathered(axis: 1, indices: labels.unsqueezed(axis: 1)).squeezed(axis: 1), reduction)
    }

    /// Binary cross-entropy from logits z and targets y ∈ [0, 1]: softplus(z) − y·z (stable for large |z|).
    public static func binaryCrossEntropy(logits: Variable, targets: Variable, reduction: LossReduction = .mean)
        -> Variable
    {
        precondition(
            Layout.broadcastShape(logits.shape, targets.shape) != nil,
            "binaryCrossEntropy: logits \(logits.shape) and targets \(targets.shape) do not broadcast")
        return reduce(logits.softplus() - targets * logits, reduction)
    }

    /// Relative L2 error of each sample, ‖ŷᵢ − yᵢ‖ / ‖yᵢ‖ over all axes but the first, summed over the batch
    /// (the neural-operator convention of the FNO code's `LpLoss`); `.mean` averages instead.
    public static func relativeL2(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .sum) -> Variable {
        precondition(prediction.shape == target.shape, "relativeL2: shapes \(prediction.shape) and \(target.shape) differ")
        let n = prediction.shape[0]
        let difference = (prediction - target).reshaped([n, -1]).norm(axes: [1])
        let scale = target.reshaped([n, -1]).norm(axes: [1])
        return reduce(difference / scale, reduction)
    }

    private static func reduce(_ values: Variable, _ reduction: LossReduction) -> Variable {
        switch reduction {
        case .mean: values.mean()
        case .sum: values.sum()
        case .none: values
        }
    }
}
