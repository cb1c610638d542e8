/// A learning-rate schedule attached to an optimizer, with PyTorch's `lr_scheduler` semantics: creating it sets
/// the optimizer's learning rate to the schedule's value at count 0, and each `step()` advances the count by one
/// and sets the rate for the new count. Call `step()` after each `optimizer.step()` for a per-step schedule
/// (warmup, cosine over steps) or once at the end of each epoch for a per-epoch one (StepLR's epochs).
///
/// `ReduceOnPlateau` is attached the same way and stepped with the monitored loss, as PyTorch's
/// `scheduler.step(val_loss)`.
///
/// ```swift
/// let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
/// let scheduler = LearningRateScheduler(optimizer, schedule: CosineWithWarmup(base: 1e-3, totalSteps: 10_000, warmupSteps: 500))
/// for _ in 0..<10_000 {
///     optimizer.step { loss(model) }
///     scheduler.step()                        // per step
/// }
///
/// let plateau = LearningRateScheduler(optimizer, plateau: ReduceOnPlateau(learningRate: 1e-3, patience: 5))
/// for _ in 0..<epochs {
///     trainOneEpoch()
///     plateau.step(loss: validationLoss())    // per epoch
/// }
/// ```
public final class LearningRateScheduler {
    private enum Rule {
        case schedule(any LearningRateSchedule)
        case plateau(ReduceOnPlateau)
    }

    /// The optimizer whose learning rate is set.
    public let optimizer: any Optimizer
    private var rule: Rule
    /// How many times `step` was called (PyTorch's `last_epoch`).
    public private(set) var count = 0

    /// Drives `optimizer` by `schedule`, starting at its value for count 0.
    public init(_ optimizer: any Optimizer, schedule: any LearningRateSchedule) {
        self.optimizer = optimizer
        rule = .schedule(schedule)
        optimizer.learningRate = schedule.learningRate(at: 0)
    }

    /// Lowers `optimizer`'s learning rate when the monitored loss stops improving, starting at the plateau's rate.
    public init(_ optimizer: any Optimizer, plateau: ReduceOnPlateau) {
        self.optimizer = optimizer
        rule = .plateau(plateau)
        optimizer.learningRate = plateau.learningRate
    }

    /// The optimizer's current learning rate.
    public var learningRate: Double { optimizer.learningRate }

    /// Advances a schedule by one step or epoch.
    public func step() {
        guard case .schedule(let schedule) = rule else {
            preconditionFailure("LearningRateScheduler.step(): a ReduceOnPlateau scheduler is stepped with step(loss:)")
        }
        count += 1
        optimizer.learningRate = schedule.learningRate(at: count)
    }

    /// Reports the monitored loss to a `ReduceOnPlateau` scheduler, which may lower the rate.
    public func step(loss: Double) {
        guard case .plateau(var plateau) = rule else {
            preconditionFailure("LearningRateScheduler.step(loss:): only a ReduceOnPlateau scheduler takes a loss")
        }
        count += 1
        optimizer.learningRate = plateau.report(loss)
        rule = .plateau(plateau)
    }
}
