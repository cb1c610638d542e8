import Tensor

/// Stochastic weight averaging (Izmailov et al., 2018): any optimizer's steps, with a running mean of the iterates
/// from step `start` on, every `frequency` steps.
///
/// After the base step k (counting from 1), if k > start and (k − start) is a multiple of `frequency`, each
/// average becomes θ̄ ← θ̄ + (θ − θ̄)/(m + 1), m the number of iterates averaged so far. The parameters keep
/// following the base optimizer; `averages` are the estimate, and `assignAverages()` copies them into the
/// parameters (for evaluation; batch-norm statistics are not recomputed).
public final class StochasticWeightAveraging: Optimizer {
    public let base: Optimizer
    public let start: Int
    public let frequency: Int
    public private(set) var averagedCount = 0
    public private(set) var stepCount = 0
    /// θ̄ per parameter, nil before the first averaged step.
    public private(set) var averages: [Tensor]?
    public let parameters: [Parameter]

    /// Averages `parameters` (the ones `base` updates) after `start` steps, every `frequency` steps.
    public init(_ base: Optimizer, parameters: [Parameter], start: Int, frequency: Int = 1) {
        precondition(start >= 0 && frequency >= 1, "StochasticWeightAveraging: needs start ≥ 0 and frequency ≥ 1")
        self.base = base
        self.parameters = parameters
        self.start = start
        self.frequency = frequency
    }

    public var learningRate: Double {
        get { base.learningRate }
        set { base.learningRate = newValue }
    }

    public func step() {
        base.step()
        stepCount += 1
        guard stepCount > start, (stepCount - start) % frequency == 0 else { return }
        let values = parameters.map(\.value)
        if let averages {
            let weight = 1 / Double(averagedCount + 1)
            self.averages = zip(averages, values).map { average, value in average + (value - average) * weight }
        } else {
            averages = values.map { $0.copied() }
        }
        averagedCount += 1
    }

    /// Replaces each parameter's value by its average (no-op before the first averaged step).
    public func assignAverages() {
        guard let averages else { return }
        for (parameter, average) in zip(parameters, averages) { parameter.assign(average) }
    }

    /// The base optimizer's state under "base.", the averages under "average.i", and the counts.
    public var state: [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (key, value) in base.state { result["base." + key] = value }
        for (i, average) in (averages ?? []).enumerated() { result["average.\(i)"] = average }
        result["averagedCount"] = Tensor(scalar: Double(averagedCount), dtype: .float64)
        result["stepCount"] = Tensor(scalar: Double(stepCount), dtype: .float64)
        return result
    }

    public func load(state: [String: Tensor]) throws {
        var baseState: [String: Tensor] = [:]
        var loaded: [Int: Tensor] = [:]
        for (key, value) in state {
            if key.hasPrefix("base.") {
                baseState[String(key.dropFirst(5))] = value
            } else if key.hasPrefix("average."), let i = Int(key.dropFirst(8)), i >= 0, i < parameters.count {
                guard value.shape == parameters[i].shape else {
                    throw OptimizerStateError(
                        optimizer: "StochasticWeightAveraging", parameter: "\(i)",
                        reason: "\(key) has shape \(value.shape), the parameter \(parameters[i].shape)")
                }
                loaded[i] = value
            } else if key != "averagedCount" && key != "stepCount" {
                throw OptimizerStateError(
                    optimizer: "StochasticWeightAveraging", parameter: nil, reason: "unexpected key \(key)")
            }
        }
        guard loaded.isEmpty || loaded.count == parameters.count else {
            throw OptimizerStateError(
                optimizer: "StochasticWeightAveraging", parameter: nil,
                reason: "\(loaded.count) averages for \(parameters.count) parameters")
        }
        try base.load(state: baseState)
        averages = loaded.isEmpty ? nil : (0..<parameters.count).map { loaded[$0]! }
        averagedCount = Int(state["averagedCount"]?.item() ?? 0)
        stepCount = Int(state["stepCount"]?.item() ?? 0)
    }
}
