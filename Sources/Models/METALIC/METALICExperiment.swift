import Autograd
import Foundation
import Layers
import Tensor

/// METALIC (row 24 of PLAN.md; Li, Penwarden, Xu, Tillinghast, Narayan, Kirby & Zhe, ICML 2023): choosing the
/// interface conditions of a two-domain PINN per PDE parameter with a GP-UCB contextual bandit.
///
/// The family: −u″ = f_β, u = sin(βπx), β ∈ [1, 8] (`TwoDomainPoissonPINN`). The arms are the 15 non-empty subsets of
/// {I1 value, I2 flux, I3 residual, I4 average value}. The reward of running subset I at β is −log₁₀ rel-L2; the GP
/// (ARD squared exponential over (β, the subset's 4 indicator bits)) is updated after each of the training rounds, each
/// at a fresh β ~ U[1, 8] with the subset maximizing μ + √β_t·σ (β_t of Srinivas et al., δ = 0.1). At the held-out
/// β values the bandit picks the subset with the best posterior mean; every subset is also run there (the same
/// network initialization for all), which gives the default {I1, I2}, the oracle (best subset) and the random choice
/// (mean over subsets). The held-out β are the replicates of the claims (paired differences).
public struct METALICExperiment: Experiment {
    public init() {}
    public let name = "metalic"
    public let summary = "GP-UCB choice of interface conditions for a two-domain PINN on parametric 1-D Poisson"
    public let paper =
        "Li, Penwarden, Xu, Tillinghast, Narayan, Kirby and Zhe, Meta Learning of Interface Conditions for "
        + "Multi-Domain Physics-Informed Neural Networks (ICML 2023)"

    static let conditions: [InterfaceCondition] = [.value, .flux, .residual, .averageValue]

    /// The 15 non-empty subsets, by their bits (subset k + 1 has condition i when bit i of k + 1 is set).
    static let subsets: [[InterfaceCondition]] = (1..<16).map { mask in
        conditions.indices.filter { mask & (1 << $0) != 0 }.map { conditions[$0] }
    }

    static func label(_ subset: [InterfaceCondition]) -> String {
        "{" + subset.map { "I\(conditions.firstIndex(of: $0)! + 1)" }.joined(separator: ",") + "}"
    }

    /// The bandit's features of (β, subset): β and the subset's indicator bits.
    static func features(beta: Double, subsets: [[InterfaceCondition]]) -> Tensor {
        let rows = subsets.map { subset in [beta] + conditions.map { subset.contains($0) ? 1.0 : 0.0 } }
        return Tensor(rows.flatMap { $0 }, shape: [subsets.count, 1 + conditions.count], dtype: .float64)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let rounds = configuration.value(full: 40, quick: 4, toy: 3)
        let adamSteps = configuration.value(full: 1000, quick: 500, toy: 15)
        let lbfgsIterations = configuration.value(full: 100, quick: 50, toy: 3)
        let width = configuration.value(full: 32, quick: 32, toy: 8)
        let points = configuration.value(full: 40, quick: 30, toy: 10)
        let heldOut = configuration.value(full: [1.7, 3.1, 4.5, 5.9, 7.3], quick: [2.5, 6.5], toy: [3.0])
        var generator = RandomGenerator(seed: configuration.baseSeed)
        let bandit = GaussianProcessUCB(
            kernel: SquaredExponentialKernel(lengthscales: [1.5, 1, 1, 1, 1], variance: 1), noiseVariance: 0.05)

        func solve(beta: Double, subset: [InterfaceCondition], seed: UInt64) -> Double {
            TwoDomainPoissonPINN(beta: beta, width: width, pointsPerDomain: points)
                .train(conditions: subset, adamSteps: adamSteps, lbfgsIterations: lbfgsIterations, seed: seed)
        }

        var observed: [[Double]] = []
        var rewards: [Double] = []
        var history = CSVTable()
        var historyColumns: (beta: [Double], subset: [Double], logError: [Double]) = ([], [], [])
        for round in 1...rounds {
            let beta = 1 + 7 * Tensor.uniform([1], low: 0, high: 1, dtype: .float64, using: &generator).item()
            let candidates = Self.features(beta: beta, subsets: Self.subsets)
            let weight = GaussianProcessUCB.explorationWeight(
                round: round, armCount: Self.subsets.count, failureProbability: 0.1)
            let choice = try bandit.select(
                candidates: candidates, observed: Self.matrix(observed),
                rewards: Tensor(rewards, shape: [rewards.count], dtype: .float64),
                explorationWeight: weight)
            let logError = solve(
                beta: beta, subset: Self.subsets[choice], seed: configuration.baseSeed &+ UInt64(round))
            observed.append(candidates.selected(axis: 0, index: choice).toDoubles())
            rewards.append(-logError)
            historyColumns.beta.append(beta)
            historyColumns.subset.append(Double(choice + 1))
            historyColumns.logError.append(logError)
            print(
                "round \(round): β = " + String(format: "%.2f", beta)
                    + ", \(Self.label(Self.subsets[choice])) → log₁₀ error " + String(format: "%.2f", logError))
        }
        history.add("beta", historyColumns.beta)
        history.add("subset_mask", historyColumns.subset)
        history.add("log10_error", historyColumns.logError)
        try history.write("bandit_rounds.csv", into: configuration.outputDirectory)

        let defaultIndex = Self.subsets.firstIndex(of: [.value, .flux])!
        var chosen: [Double] = []
        var defaults: [Double] = []
        var oracles: [Double] = []
        var randoms: [Double] = []
        var table = CSVTable()
        var grid: [[Double]] = []
        for (index, beta) in heldOut.enumerated() {
            let seed = configuration.baseSeed &+ 1000 &+ UInt64(index)
            let errors = Self.subsets.map { solve(beta: beta, subset: $0, seed: seed) }
            let choice = try bandit.select(
                candidates: Self.features(beta: beta, subsets: Self.subsets), observed: Self.matrix(observed),
                rewards: Tensor(rewards, shape: [rewards.count], dtype: .float64), explorationWeight: 0)
            chosen.append(errors[choice])
            defaults.append(errors[defaultIndex])
            oracles.append(errors.min()!)
            randoms.append(Statistics.mean(errors))
            grid.append(errors)
            print(
                "held-out β = \(beta): GP-UCB \(Self.label(Self.subsets[choice])) "
                    + String(
                        format: "%.2f, default %.2f, oracle %.2f, random %.2f", errors[choice], errors[defaultIndex],
                        errors.min()!, Statistics.mean(errors)))
        }
        table.add("beta", heldOut)
        table.add("gp_ucb", chosen)
        table.add("default_I1_I2", defaults)
        table.add("oracle", oracles)
        table.add("random", randoms)
        try table.write("held_out.csv", into: configuration.outputDirectory)
        try Self.plot(
            heldOut: heldOut, grid: grid, chosen: chosen, defaults: defaults, oracles: oracles,
            into: configuration.outputDirectory)

        let claims = [
            Claim(
                name: "GP-UCB − default (log₁₀ error)",
                statement:
                    "the bandit's choice beats the default {I1, I2} by ≥ 0.2 in mean log₁₀ rel-L2 (paired over held-out β)",
                measured: Estimate(values: zip(chosen, defaults).map { $0 - $1 }), condition: .atMost(-0.2)),
            Claim(
                name: "GP-UCB − oracle (log₁₀ error)",
                statement: "the bandit's choice is within 0.3 of the exhaustive oracle in mean log₁₀ rel-L2",
                measured: Estimate(values: zip(chosen, oracles).map { $0 - $1 }), condition: .atMost(0.3)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "rounds": "\(rounds)", "adam_steps": "\(adamSteps)", "lbfgs_iterations": "\(lbfgsIterations)",
                "network": "2 × tanh 1-\(width)-\(width)-1", "collocation_per_domain": "\(points)",
                "held_out_beta": heldOut.map { String($0) }.joined(separator: " "),
            ],
            seeds: [configuration.baseSeed], claims: claims,
            notes: [
                "mean log₁₀ rel-L2 over held-out β: GP-UCB " + String(format: "%.2f", Statistics.mean(chosen))
                    + ", default " + String(format: "%.2f", Statistics.mean(defaults)) + ", oracle "
                    + String(format: "%.2f", Statistics.mean(oracles)) + ", random "
                    + String(format: "%.2f", Statistics.mean(randoms)),
                "each held-out β is one replicate (one network initialization shared by all 15 subsets)",
            ],
            files: ["bandit_rounds.csv", "held_out.csv", "held_out.svg"])
    }

    static func matrix(_ rows: [[Double]]) -> Tensor {
        Tensor(rows.flatMap { $0 }, shape: [rows.count, 1 + conditions.count], dtype: .float64)
    }

    static func plot(
        heldOut: [Double], grid: [[Double]], chosen: [Double], defaults: [Double], oracles: [Double], into folder: URL
    ) throws {
        var plot = LinePlot(
            title: "log₁₀ rel-L2 at held-out β (dots: all 15 subsets)", xLabel: "β", yLabel: "log₁₀ rel-L2")
        plot.addScatter(
            "each subset", x: zip(heldOut, grid).flatMap { beta, errors in errors.map { _ in beta } },
            y: grid.flatMap { $0 })
        plot.addSeries("GP-UCB choice", x: heldOut, y: chosen)
        plot.addSeries("default {I1, I2}", x: heldOut, y: defaults)
        plot.addSeries("oracle", x: heldOut, y: oracles)
        try plot.write(to: folder.appendingPathComponent("held_out.svg"))
    }
}
