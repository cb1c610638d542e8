import Autograd
import Foundation
import Layers
import Tensor

/// Row 20 of PLAN.md: JAWS (Jacobian-adaptive weighting for stability) on 1-D viscous Burgers.
///
/// One-step FNOs u_{t+1} = u_t + F(u_t) (Δt = 0.01, ν = 0.02, 64 points) are trained four ways (`JAWSMethod`) on
/// short trajectories, then rolled out for 200 steps from fresh initial conditions. Figures per seed: the rollout's
/// relative L2 error averaged over its steps, and the high-k energy ratio — the energy of the predicted states in
/// wavenumbers 16…32 summed over the rollout, over the same sum for the truth. Claims (thresholds of PLAN.md, fixed
/// before running): JAWS/uniform error ≤ 0.8 and JAWS/long-unroll error ≤ 1.1 (per-seed ratios); JAWS's high-k ratio
/// within [0.5, 2]; plain FNO's > 10; uniform regularization's < 0.5.
public struct JAWSExperiment: Experiment {
    public init() {}
    public let name = "jaws"
    public let summary = "JAWS on Burgers: adaptive Jacobian penalty + short unroll vs uniform penalty and long unroll"
    public let paper =
        "JAWS: Enhancing Long-term Rollout of Neural Operators via Spatially-Adaptive Jacobian Regularization (2025)"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let seeds = configuration.seeds()
        let trainCount = configuration.value(full: 48, quick: 16, toy: 4)
        let trainHorizon = configuration.value(full: 40, quick: 30, toy: 10)
        let testCount = configuration.value(full: 16, quick: 8, toy: 2)
        let rolloutSteps = configuration.value(full: 200, quick: 200, toy: 12)
        let training = JAWSTraining(
            steps: configuration.value(full: 300, quick: 60, toy: 3),
            batch: configuration.value(full: 16, quick: 8, toy: 2),
            penaltyWeight: 1e-2, learningRate: 2e-3)
        let data = BurgersRollouts(viscosity: 0.02, interval: 0.01)

        var errors: [JAWSMethod: [Double]] = [:]
        var energies: [JAWSMethod: [Double]] = [:]
        var curves: [JAWSMethod: [Double]] = [:]
        for seed in seeds {
            var generator = RandomGenerator(seed: 1000 + seed)
            let train = data.trajectories(trainCount, steps: trainHorizon, using: &generator)
            let test = data.trajectories(testCount, steps: rolloutSteps, using: &generator)
            let truth = test.narrowed(axis: 1, start: 1, length: rolloutSteps)
            for method in JAWSMethod.allCases {
                let model = training.train(method, data: train, seed: seed)
                let states = Rollout.trajectory(
                    { JAWSTraining.step(model, $0) }, from: test.selected(axis: 1, index: 0), steps: rolloutSteps)
                let predicted = Tensor.stacked(states, axis: 1)  // [count, steps, n]
                let perStep = JAWSExperiment.relativeErrors(predicted, truth)
                errors[method, default: []].append(perStep.reduce(0, +) / Double(perStep.count))
                energies[method, default: []].append(
                    JAWSExperiment.highFrequencyEnergy(predicted) / JAWSExperiment.highFrequencyEnergy(truth))
                if seed == seeds[0] { curves[method] = perStep }
                print(
                    "seed \(seed) \(method.rawValue): rollout error \(String(format: "%.4f", errors[method]!.last!)), "
                        + "high-k energy ratio \(String(format: "%.3g", energies[method]!.last!))")
            }
        }
        let stepNumbers = (1...rolloutSteps).map(Double.init)
        var table = CSVTable()
        table.add("step", stepNumbers)
        var plot = LinePlot(
            title: "Burgers rollout error (seed \(seeds[0]))", xLabel: "step", yLabel: "relative L2",
            yScale: .logarithmic)
        for method in JAWSMethod.allCases {
            table.add("error_\(method.rawValue)", curves[method]!)
            plot.addSeries(method.rawValue, x: stepNumbers, y: curves[method]!)
        }
        try table.write("rollout_error.csv", into: configuration.outputDirectory)
        try plot.write(to: configuration.file("rollout_error.svg"))

        let ratio = { (a: JAWSMethod, b: JAWSMethod) in Estimate(values: zip(errors[a]!, errors[b]!).map { $0 / $1 }) }
        let claims = [
            Claim(
                name: "JAWS vs uniform penalty", statement: "JAWS rollout error ≤ 0.8× the uniform Jacobian penalty's",
                measured: ratio(.jaws, .uniform), condition: .atMost(0.8)),
            Claim(
                name: "JAWS vs long unroll",
                statement: "JAWS (2-step unroll) error ≤ 1.1× the 8-step unrolled baseline's",
                measured: ratio(.jaws, .longUnroll), condition: .atMost(1.1)),
            Claim(
                name: "JAWS high-k energy", statement: "JAWS's high-k energy within 2× of the truth's",
                measured: Estimate(values: energies[.jaws]!), condition: .between(0.5, 2)),
            Claim(
                name: "plain FNO high-k energy", statement: "a plain FNO's high-k energy > 10× the truth's",
                measured: Estimate(values: energies[.plain]!), condition: .above(10)),
            Claim(
                name: "uniform penalty high-k energy",
                statement: "the uniform penalty's high-k energy < 0.5× the truth's",
                measured: Estimate(values: energies[.uniform]!), condition: .below(0.5)),
        ]
        let means = JAWSMethod.allCases.map {
            "\($0.rawValue): error \(String(format: "%.4f", Statistics.mean(errors[$0]!))), high-k ratio "
                + String(format: "%.3g", Statistics.mean(energies[$0]!))
        }
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "viscosity": "0.02", "dt": "0.01", "points": "\(BurgersRollouts.points)",
                "train_trajectories": "\(trainCount)",
                "train_horizon": "\(trainHorizon)", "test_trajectories": "\(testCount)",
                "rollout_steps": "\(rolloutSteps)",
                "training_steps": "\(training.steps)", "batch": "\(training.batch)",
                "penalty_weight": "\(training.penaltyWeight)",
            ],
            seeds: seeds, claims: claims, notes: means, files: ["rollout_error.csv", "rollout_error.svg"])
    }

    /// ‖û − u‖/‖u‖ per step, averaged over trajectories: `[count, steps, n]` twice → `steps` values.
    static func relativeErrors(_ predicted: Tensor, _ truth: Tensor) -> [Double] {
        let difference = (predicted - truth).cast(to: .float64)
        let reference = truth.cast(to: .float64)
        let ratio = ((difference * difference).sum(axes: [2]) / (reference * reference).sum(axes: [2])).sqrt()
        return ratio.mean(axes: [0]).toDoubles()
    }

    /// Σ over trajectories, steps and wavenumbers n/4…n/2 of |û_k|².
    static func highFrequencyEnergy(_ states: Tensor) -> Double {
        let n = states.shape[2]
        let spectrum = FFT.rfft(states.cast(to: .float64), axis: -1)
        let power = spectrum.real * spectrum.real + spectrum.imaginary * spectrum.imaginary
        return power.narrowed(axis: 2, start: n / 4, length: n / 2 + 1 - n / 4).sum().item()
    }
}
