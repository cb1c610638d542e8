import Autograd
import Tensor

/// A linear probe: softmax (or, for two classes, logistic) regression with an L2 penalty, fitted by L-BFGS, with
/// its ridge strength chosen on a validation split.
///
/// Objective: mean cross-entropy(XW + b, y) + ½λ‖W‖² (the bias is not penalized). For two classes the two columns
/// are penalized: the minimizer has W₁ = −W₀ = w/2 for the decision vector w = W₁ − W₀, so the penalty is λ‖w‖²/4 and
/// the probe equals scikit-learn's `LogisticRegression(C:)` with λ = 2/(C·n).
///
/// ```swift
/// var probe = LogisticProbe(classes: 10)
/// let chosen = probe.fitTuningPenalty(features: train, labels: trainLabels, validationFraction: 0.2, using: &g)
/// let accuracy = probe.accuracy(features: test, labels: testLabels)
/// ```
public struct LogisticProbe {
    public let classes: Int
    public private(set) var penalty: Double
    public private(set) var weight: Tensor?
    public private(set) var bias: Tensor?
    public var maximumIterations = 500
    public var gradientTolerance = 1e-6
    /// The L-BFGS iterations of the last `fit`.
    public private(set) var iterations = 0
    /// Whether the last `fit` reached the gradient tolerance (max |∂objective/∂θ| ≤ `gradientTolerance`), rather than
    /// stopping at `maximumIterations` or on a stalled step. On separable data with a tiny λ the objective has no
    /// finite minimizer, yet its gradient falls below the tolerance once the margins are large: there `converged`
    /// means "stopped early by the tolerance".
    public private(set) var converged = false
    /// Whether the penalty chosen by the last `fitTuningPenalty` is the smallest or largest candidate: the best λ may
    /// lie outside the grid.
    public private(set) var penaltyOnGridEdge = false

    public init(classes: Int, penalty: Double = 1e-3) {
        precondition(classes >= 2, "LogisticProbe: needs at least 2 classes, got \(classes)")
        self.classes = classes
        self.penalty = penalty
    }

    /// Fits W `[D, C]` and b `[C]` to `features` `[N, D]` and int64 `labels` `[N]`, warm-starting from the
    /// current weights when their shapes fit. Returns the final objective.
    @discardableResult
    public mutating func fit(features: Tensor, labels: Tensor) -> Double {
        precondition(features.rank == 2, "LogisticProbe.fit: features must be [N, D], got \(features.shape)")
        precondition(
            labels.dtype == .int64 && labels.shape == [features.shape[0]],
            "LogisticProbe.fit: labels must be int64 [\(features.shape[0])], got \(labels.dtype) \(labels.shape)")
        let d = features.shape[1]
        let w = Parameter(
            weight.flatMap { $0.shape == [d, classes] ? $0 : nil } ?? Tensor.zeros([d, classes], dtype: features.dtype))
        let b = Parameter(bias ?? Tensor.zeros([classes], dtype: features.dtype))
        let x = Variable(features)
        let lambda = penalty
        let objective = { () -> Variable in
            Loss.crossEntropy(logits: x.matmul(w.variable) + b.variable, labels: labels) + w.variable.square().sum()
                * (0.5 * lambda)
        }
        let lbfgs = LBFGS(
            parameters: [w, b], maximumIterations: maximumIterations, gradientTolerance: gradientTolerance,
            changeTolerance: 1e-12, historySize: 10, lineSearch: .strongWolfe)
        lbfgs.minimize(objective)
        iterations = lbfgs.iterations
        let final = objective()
        final.backward()
        let largestGradient = [w.gradient, b.gradient].compactMap { $0?.abs().max().item() }.max() ?? 0
        w.zeroGradient()
        b.zeroGradient()
        converged = largestGradient <= gradientTolerance
        weight = w.value
        bias = b.value
        return final.item()
    }

    /// Class scores `[N, C]`.
    public func logits(features: Tensor) -> Tensor {
        guard let weight, let bias else { preconditionFailure("LogisticProbe: call fit before predicting") }
        return features.matmul(weight) + bias
    }

    /// Fraction of `labels` matched by the arg-max prediction.
    public func accuracy(features: Tensor, labels: Tensor) -> Double {
        let predicted = logits(features: features).argmax(axis: 1)
        return predicted.compared(.equal, labels).cast(to: .float64).mean().item()
    }

    /// Mean cross-entropy on `features`, `labels` (no penalty).
    public func loss(features: Tensor, labels: Tensor) -> Double {
        withoutGradients { Loss.crossEntropy(logits: Variable(logits(features: features)), labels: labels).item() }
    }

    /// Holds out a random `validationFraction` of the rows, fits for each penalty in `candidates` (largest first,
    /// warm-started), keeps the one with the lowest validation loss, and refits on all rows with it.
    /// Returns the chosen penalty; `penaltyOnGridEdge` tells whether it is an end of the grid.
    @discardableResult
    public mutating func fitTuningPenalty(
        features: Tensor, labels: Tensor, candidates: [Double] = [1e1, 1, 1e-1, 1e-2, 1e-3, 1e-4],
        validationFraction: Double = 0.2, using generator: inout RandomGenerator
    ) -> Double {
        let n = features.shape[0]
        let validationCount = Swift.max(1, Int(Double(n) * validationFraction))
        precondition(validationCount < n, "LogisticProbe: \(n) rows leave nothing to train on")
        let order = Tensor.permutation(n, using: &generator)
        let validationRows = order.narrowed(axis: 0, start: 0, length: validationCount)
        let trainRows = order.narrowed(axis: 0, start: validationCount, length: n - validationCount)
        let (trainX, trainY) = (
            features.indexSelected(axis: 0, indices: trainRows), labels.indexSelected(axis: 0, indices: trainRows)
        )
        let (validX, validY) = (
            features.indexSelected(axis: 0, indices: validationRows),
            labels.indexSelected(axis: 0, indices: validationRows)
        )
        var best = (loss: Double.infinity, penalty: candidates[0])
        for candidate in candidates.sorted(by: >) {
            penalty = candidate
            fit(features: trainX, labels: trainY)
            let validationLoss = loss(features: validX, labels: validY)
            if validationLoss < best.loss { best = (validationLoss, candidate) }
        }
        penalty = best.penalty
        penaltyOnGridEdge = best.penalty == candidates.min() || best.penalty == candidates.max()
        weight = nil
        bias = nil
        fit(features: features, labels: labels)
        return best.penalty
    }
}
