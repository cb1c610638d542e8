import Autograd
import Tensor

/// How a loss combines the per-element (or per-sample) values.
public enum LossReduction: Sendable {
    case mean, sum, none
}

/// Loss functions. Inputs are variables (`prediction`, logits) and targets are constants unless stated.
///
/// An elementwise loss compares a prediction with a target of its shape; a target may broadcast onto the
/// prediction (a scalar, or size-1 axes), never the other way. A pair such as a `[16, 1]` prediction and a `[16]`
/// target, which NumPy broadcasting would silently turn into `[16, 16]` differences (PyTorch warns), is a
/// precondition failure naming the loss and both shapes.
public enum Loss {
    /// Mean squared error: mean((ŷ − y)²).
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean)
        -> Variable
    {
        checkShapes("meanSquaredError", prediction.shape, target.shape)
        return reduce((prediction - target).square(), reduction)
    }

    /// Mean absolute error: mean|ŷ − y|.
    public static func l1(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .mean) -> Variable {
        checkShapes("l1", prediction.shape, target.shape)
        return reduce((prediction - target).abs(), reduction)
    }

    /// Huber loss with threshold δ: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond.
    public static func huber(
        _ prediction: Variable, _ target: Variable, delta: Double = 1, reduction: LossReduction = .mean
    )
        -> Variable
    {
        checkShapes("huber", prediction.shape, target.shape)
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
        checkLabels("crossEntropy", labels, classCount: logits.shape[1])
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
        precondition(
            logProbabilities.rank >= 2
                && labels.shape == [logProbabilities.shape[0]] + Array(logProbabilities.shape.dropFirst(2)),
            "negativeLogLikelihood: log-probabilities \(logProbabilities.shape) and labels \(labels.shape) do not match "
                + "([N, C, …] and [N, …])")
        checkLabels("negativeLogLikelihood", labels, classCount: logProbabilities.shape[1])
        return reduce(
            -logProbabilities.gathered(axis: 1, indices: labels.unsqueezed(axis: 1)).squeezed(axis: 1), reduction)
    }

    /// Binary cross-entropy from logits z and targets y ∈ [0, 1]: softplus(z) − y·z (stable for large |z|).
    public static func binaryCrossEntropy(logits: Variable, targets: Variable, reduction: LossReduction = .mean)
        -> Variable
    {
        checkShapes("binaryCrossEntropy", logits.shape, targets.shape)
        return reduce(logits.softplus() - targets * logits, reduction)
    }

    /// Relative L2 error of each sample, ‖ŷᵢ − yᵢ‖ / ‖yᵢ‖ over all axes but the first, summed over the batch
    /// (the neural-operator convention of the FNO code's `LpLoss`); `.mean` averages instead.
    public static func relativeL2(_ prediction: Variable, _ target: Variable, reduction: LossReduction = .sum)
        -> Variable
    {
        precondition(
            prediction.shape == target.shape, "relativeL2: shapes \(prediction.shape) and \(target.shape) differ")
        let n = prediction.shape[0]
        let difference = (prediction - target).reshaped([n, -1]).norm(axes: [1])
        let scale = target.reshaped([n, -1]).norm(axes: [1])
        return reduce(difference / scale, reduction)
    }

    /// Stops unless `target` has `prediction`'s shape or broadcasts onto it without changing it.
    private static func checkShapes(_ loss: String, _ prediction: [Int], _ target: [Int]) {
        let broadcast = Layout.broadcastShape(prediction, target)
        precondition(
            broadcast == prediction,
            "\(loss): prediction \(prediction) and target \(target) differ in shape"
                + (broadcast.map { "; broadcasting would compare them as \($0)" } ?? ""))
    }

    /// Stops unless every label is a class index in 0..<classCount.
    private static func checkLabels(_ loss: String, _ labels: Tensor, classCount: Int) {
        labels.withContiguousElements(as: Int64.self) { values in
            guard let bad = values.first(where: { $0 < 0 || $0 >= classCount }) else { return }
            preconditionFailure(
                "\(loss): label \(bad) is out of range for \(classCount) classes (labels \(labels.shape))")
        }
    }

    private static func reduce(_ values: Variable, _ reduction: LossReduction) -> Variable {
        switch reduction {
        case .mean: values.mean()
        case .sum: values.sum()
        case .none: values
        }
    }
}
