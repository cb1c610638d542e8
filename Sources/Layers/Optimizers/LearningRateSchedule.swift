import Foundation

/// A learning rate as a function of the step (or, for `ReduceOnPlateau`, of the losses seen).
public protocol LearningRateSchedule {
    /// The learning rate for `step` (0-based).
    func learningRate(at step: Int) -> Double
}

/// base·γ^{⌊step/stepSize⌋}.
public struct StepDecay: LearningRateSchedule {
    public let base: Double, stepSize: Int, gamma: Double
    public init(base: Double, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepDecay: stepSize must be positive")
        (self.base, self.stepSize, self.gamma) = (base, stepSize, gamma)
    }
    public func learningRate(at step: Int) -> Double { base * pow(gamma, Double(step / stepSize)) }
}

/// base·γ^{step}.
public struct ExponentialDecay: LearningRateSchedule {
    public let base: Double, gamma: Double
    public init(base: Double, gamma: Double) { (self.base, self.gamma) = (base, gamma) }
    public func learningRate(at step: Int) -> Double { base * pow(gamma, Double(step)) }
}

/// Linear warmup from 0 over `warmupSteps`, then cosine decay from `base` to `minimum` at `totalSteps`.
public struct CosineWithWarmup: LearningRateSchedule {
    public let base: Double, minimum: Double, warmupSteps: Int, totalSteps: Int
    public init(base: Double, totalSteps: Int, warmupSteps: Int = 0, minimum: Double = 0) {
        precondition(totalSteps > warmupSteps, "CosineWithWarmup: totalSteps must exceed warmupSteps")
        (self.base, self.minimum, self.warmupSteps, self.totalSteps) = (base, minimum, warmupSteps, totalSteps)
    }
    public func learningRate(at step: Int) -> Double {
        if step < warmupSteps { return base * Double(step + 1) / Double(warmupSteps) }
        let progress = min(1, Double(step - warmupSteps) / Double(totalSteps - warmupSteps))
        return minimum + (base - minimum) * 0.5 * (1 + cos(Double.pi * progress))
    }
}

/// Multiplies the learning rate by `factor` when the monitored loss has not improved by more than `threshold`
/// (relative) for `patience` reports (PyTorch's `ReduceLROnPlateau`, mode "min").
public struct ReduceOnPlateau {
    public private(set) var learningRate: Double
    public let factor: Double, patience: Int, threshold: Double, minimum: Double
    private var best = Double.infinity
    private var badReports = 0

    public init(
        learningRate: Double, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, minimum: Double = 0
    ) {
        (self.learningRate, self.factor, self.patience, self.threshold, self.minimum) = (
            learningRate, factor, patience, threshold, minimum
        )
    }

    /// Reports a loss; returns the (possibly reduced) learning rate.
    @discardableResult
    public mutating func report(_ loss: Double) -> Double {
        if loss < best * (1 - threshold) {
            best = loss
            badReports = 0
        } else {
            badReports += 1
            if badReports > patience {
                learningRate = max(minimum, learningRate * factor)
                badReports = 0
            }
        }
        return learningRate
    }
}
