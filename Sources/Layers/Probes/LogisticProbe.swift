import Autograd
import Foundation
import Tensor

/// A linear probe: L2-regularized logistic regression (softmax for C ≥ 3 classes, one weight vector for two) fitted
/// by L-BFGS, with its ridge strength chosen by validation.
///
/// Objective: mean cross-entropy + ½λ‖W‖² (the bias is not penalized).
/// - C ≥ 3: W `[D, C]`, b `[C]`, logits XW + b.
/// - C = 2: one vector, W `[D, 1]`, b `[1]`, logit z = Xw + b for class 1 (`logits` gives `[0, z]`): the objective is
///   mean log(1 + e^{−ỹz}) + ½λ‖w‖², scikit-learn's `LogisticRegression(C:)` objective C·Σ log(1 + e^{−ỹz}) + ½‖w‖²
///   divided by C·n, so **λ = 1/(C·n)**.
///
/// ```swift
/// var probe = LogisticProbe(classes: 10)
/// let chosen = probe.fitTuningPenalty(features: train, labels: trainLabels, using: &g)  // 5 stratified folds
/// let accuracy = probe.accuracy(features: test, labels: testLabels)
/// ```
public struct LogisticProbe {
    /// How `fitTuningPenalty` validates a penalty.
    public enum Validation: Sendable {
        /// One random hold-out of this fraction of the rows.
        case holdout(fraction: Double)
        /// k folds with each class split as evenly as possible across them; the score is the mean over folds.
        case stratifiedFolds(Int)
    }

    /// What `fitTuningPenalty` maximizes on the validation rows.
    public enum ValidationScore: Sendable {
        /// Fraction of rows classified correctly (ties between penalties go to the largest).
        case accuracy
        /// Minus the mean cross-entropy (smoother than accuracy on few rows).
        case loss
    }

    /// One fit along a regularization path.
    public struct PathPoint {
        public let penalty: Double
        /// W and b as `weight`/`bias` hold them.
        public let weight: Tensor
        public let bias: Tensor
        public let iterations: Int
        public let converged: Bool
    }

    public let classes: Int
    public private(set) var penalty: Double
    /// `[D, C]`, or `[D, 1]` for two classes.
    public private(set) var weight: Tensor?
    /// `[C]`, or `[1]` for two classes.
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

    /// Columns of W: one for two classes, C otherwise.
    private var columns: Int { classes == 2 ? 1 : classes }

    /// Fits W and b to `features` `[N, D]` and int64 `labels` `[N]` in 0..<C, warm-starting from the current weights
    /// when their shapes fit. Returns the final objective.
    @discardableResult
    public mutating func fit(features: Tensor, labels: Tensor) -> Double {
        precondition(features.rank == 2, "LogisticProbe.fit: features must be [N, D], got \(features.shape)")
        precondition(
            labels.dtype == .int64 && labels.shape == [features.shape[0]],
            "LogisticProbe.fit: labels must be int64 [\(features.shape[0])], got \(labels.dtype) \(labels.shape)")
        let d = features.shape[1]
        let w = Parameter(
            weight.flatMap { $0.shape == [d, columns] ? $0 : nil } ?? Tensor.zeros([d, columns], dtype: features.dtype))
        let b = Parameter(bias ?? Tensor.zeros([columns], dtype: features.dtype))
        let x = Variable(features)
        let (lambda, classes) = (penalty, classes)
        let objective = { () -> Variable in
            Loss.crossEntropy(logits: Self.logits(x.matmul(w.variable) + b.variable, classes: classes), labels: labels)
                + w.variable.square().sum() * (0.5 * lambda)
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

    /// `[N, columns]` scores as `[N, C]` logits: for two classes the column is class 1's and class 0's is 0.
    private static func logits(_ scores: Variable, classes: Int) -> Variable {
        classes == 2 ? Variable.concatenated([Variable(Tensor.zeros(like: scores.value)), scores], axis: 1) : scores
    }

    /// Class scores `[N, C]` (for two classes `[0, x·w + b]`).
    public func logits(features: Tensor) -> Tensor {
        guard let weight, let bias else { preconditionFailure("LogisticProbe: call fit before predicting") }
        let scores = features.matmul(weight) + bias
        return classes == 2 ? Tensor.concatenated([Tensor.zeros(like: scores), scores], axis: 1) : scores
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

    /// Fits at each penalty of `penalties` from the largest to the smallest, each fit warm-started from the previous
    /// one (scikit-learn's path with `warm_start`). Leaves the probe at the smallest penalty's fit.
    public mutating func regularizationPath(features: Tensor, labels: Tensor, penalties: [Double]) -> [PathPoint] {
        precondition(!penalties.isEmpty, "LogisticProbe.regularizationPath: no penalties")
        weight = nil
        bias = nil
        return penalties.sorted(by: >).map { candidate in
            penalty = candidate
            fit(features: features, labels: labels)
            return PathPoint(
                penalty: candidate, weight: weight!, bias: bias!, iterations: iterations, converged: converged)
        }
    }

    /// The default candidates for `rows` training rows: 17 penalties λ = 1/(C·n) for scikit-learn's
    /// `LogisticRegressionCV` range C ∈ [1e-4, 1e4], so the grid scales with n instead of ending at a fixed λ.
    public static func defaultPenalties(rows: Int) -> [Double] {
        (0...16).map { 1 / (Foundation.pow(10, -4 + Double($0) / 2) * Double(rows)) }
    }

    /// Chooses λ among `candidates` (by default `defaultPenalties(rows:)`) by `validation` and `score`, fitting the
    /// path from the largest λ down with warm starts on each training split, then refits on all rows with the
    /// chosen λ. Returns it; `penaltyOnGridEdge` tells whether it is an end of the grid.
    @discardableResult
    public mutating func fitTuningPenalty(
        features: Tensor, labels: Tensor, candidates: [Double]? = nil, validation: Validation = .stratifiedFolds(5),
        score: ValidationScore = .accuracy, using generator: inout RandomGenerator
    ) -> Double {
        let n = features.shape[0]
        let grid = (candidates ?? Self.defaultPenalties(rows: n)).sorted(by: >)
        precondition(!grid.isEmpty, "LogisticProbe.fitTuningPenalty: no candidate penalties")
        var scores = [Double](repeating: 0, count: grid.count)
        let splits = Self.splits(labels: labels, classes: classes, validation: validation, using: &generator)
        for (trainRows, validationRows) in splits {
            let (trainX, trainY) = (
                features.indexSelected(axis: 0, indices: trainRows), labels.indexSelected(axis: 0, indices: trainRows)
            )
            let (validX, validY) = (
                features.indexSelected(axis: 0, indices: validationRows),
                labels.indexSelected(axis: 0, indices: validationRows)
            )
            var probe = self
            for (k, point) in probe.regularizationPath(features: trainX, labels: trainY, penalties: grid).enumerated() {
                probe.weight = point.weight
                probe.bias = point.bias
                let value =
                    score == .accuracy
                    ? probe.accuracy(features: validX, labels: validY) : -probe.loss(features: validX, labels: validY)
                scores[k] += value / Double(splits.count)
            }
        }
        // The first best from the largest λ down: ties go to the most regularized.
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
        penalty = grid[best]
        penaltyOnGridEdge = best == 0 || best == grid.count - 1
        weight = nil
        bias = nil
        fit(features: features, labels: labels)
        return penalty
    }

    /// The (training rows, validation rows) pairs of `validation` for int64 `labels` `[N]` in 0..<`classes`, as int64
    /// index tensors (scikit-learn's `StratifiedKFold(shuffle=True)` for `.stratifiedFolds`).
    public static func splits(
        labels: Tensor, classes: Int, validation: Validation, using generator: inout RandomGenerator
    ) -> [(Tensor, Tensor)] {
        let n = labels.shape[0]
        switch validation {
        case .holdout(let fraction):
            let validationCount = Swift.max(1, Int(Double(n) * fraction))
            precondition(
                fraction > 0 && validationCount < n,
                "LogisticProbe: a hold-out of \(fraction) of \(n) rows leaves nothing to train or validate on")
            let order = Tensor.permutation(n, using: &generator)
            return [
                (
                    order.narrowed(axis: 0, start: validationCount, length: n - validationCount),
                    order.narrowed(axis: 0, start: 0, length: validationCount)
                )
            ]
        case .stratifiedFolds(let k):
            precondition(k >= 2 && k <= n, "LogisticProbe: \(k) folds for \(n) rows")
            // Shuffle, then deal each class's rows round-robin onto the folds.
            let order = Tensor.permutation(n, using: &generator).toDoubles().map { Int($0) }
            let label = labels.toDoubles().map { Int($0) }
            precondition(
                label.allSatisfy { (0..<classes).contains($0) },
                "LogisticProbe: labels must lie in 0..<\(classes) for stratified folds")
            var fold = [Int](repeating: 0, count: n)
            var dealt = [Int](repeating: 0, count: classes)
            for row in order {
                fold[row] = dealt[label[row]] % k
                dealt[label[row]] += 1
            }
            return (0..<k).map { f in
                let validation = (0..<n).filter { fold[$0] == f }.map { Int64($0) }
                let training = (0..<n).filter { fold[$0] != f }.map { Int64($0) }
                return (Tensor(training), Tensor(validation))
            }
        }
    }
}
