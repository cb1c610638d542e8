import Autograd
import Foundation
import Layers
import Tensor

/// The deep arbitrary polynomial chaos network against a tanh MLP of the same size on the Ishigami function with
/// non-Gaussian inputs (row 8 of PLAN.md; Oladyshkin, Praditia, Kröker, Mohammadi, Nowak and Otte, 2023).
///
/// y = sin x₁ + 7 sin²x₂ + 0.1 x₃⁴ sin x₁ with x_i = −π + 2π·B_i, B_i ~ Beta(2, 5) independent; n ∈ {50, 100, 200}
/// training points and 10 000 test points per seed. Models: (a) one-layer aPC of total degree 4 (35 terms) fitted by
/// least squares, which on its own orthonormal basis is c = (1/n)·Ψᵀy; (b) DaPC-NN 3 → 4 → 4 → 1 of degree 2
/// (10·4 + 15·4 + 15 = 115 coefficients), bases refitted to the training signals after every step; (c) a tanh MLP
/// 3 → 8 → 8 → 1 (113 parameters) on standardized inputs. (b) and (c) train by full-batch Adam on the MSE of the
/// standardized target, with the same learning rate and steps. The figure is the relative test RMSE,
/// RMSE/std(y_test).
public struct DeepAPCExperiment: Experiment {
    public init() {}
    public let name = "deep-apc"
    public let summary =
        "Deep arbitrary polynomial chaos network vs a size-matched tanh MLP on Ishigami with Beta(2, 5) inputs"
    public let paper =
        "Oladyshkin, Praditia, Kröker, Mohammadi, Nowak and Otte, The Deep Arbitrary Polynomial Chaos Neural Network "
        + "(Neural Networks, 2023)"

    static let widths = [4, 4, 1]
    static let degree = 2
    static let hidden = [8, 8]
    static let learningRate = 1e-2

    static func ishigami(_ x: [Double]) -> Double {
        sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    /// Beta(2, 5) as the second smallest of six uniforms, mapped to [−π, π]: inputs [count, 3] and targets [count].
    static func sample(_ count: Int, using generator: inout RandomGenerator) -> (inputs: Tensor, targets: [Double]) {
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<count {
            let x = (0..<3).map { _ -> Double in
                let beta = (0..<6).map { _ in generator.nextDouble() }.sorted()[1]
                return -Double.pi + 2 * Double.pi * beta
            }
            inputs += x
            targets.append(ishigami(x))
        }
        return (Tensor(inputs, shape: [count, 3]), targets)
    }

    /// The relative RMSE of `predictions` against `targets`.
    static func relativeError(_ predictions: [Double], _ targets: [Double]) -> Double {
        let mean = Statistics.mean(targets)
        let error = zip(predictions, targets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let spread = targets.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
        return (error / spread).squareRoot()
    }

    /// Full-batch Adam on the mean squared error of `model(inputs)` against `targets` [n, 1]; `afterStep` runs after
    /// every step (the DaPC-NN's refit). Returns the final loss.
    static func train(
        parameters: [Parameter], steps: Int, targets: Tensor, loss model: () -> Variable, afterStep: () throws -> Void
    ) throws -> Double {
        let optimizer = Adam(parameters: parameters, learningRate: learningRate)
        var last = Double.nan
        for _ in 0..<steps {
            let objective = (model() - Variable(targets)).square().mean()
            last = objective.value.item()
            objective.backward()
            optimizer.step()
            try afterStep()
        }
        return last
    }

    /// One seed at one training size: relative test errors of aPC-4, DaPC-NN and the MLP, and the DaPC-NN's
    /// orthonormality error after training.
    struct Outcome {
        let chaos: Double
        let deep: Double
        let perceptron: Double
        /// The relative errors on the test points inside the training inputs' bounding box, and their fraction.
        let deepInside: Double
        let perceptronInside: Double
        let insideFraction: Double
        let orthonormality: Double
        let deepParameters: Int
        let perceptronParameters: Int
    }

    static func runSeed(seed: UInt64, trainingCount: Int, testCount: Int, steps: Int) throws -> Outcome {
        var generator = RandomGenerator(seed: seed &* 1000 &+ UInt64(trainingCount))
        let training = sample(trainingCount, using: &generator)
        let test = sample(testCount, using: &generator)
        let mean = Statistics.mean(training.targets)
        let spread = Statistics.standardDeviation(training.targets)
        let standardized = Tensor(training.targets.map { ($0 - mean) / spread }, shape: [trainingCount, 1])
        let unscale = { (values: Tensor) in values.toDoubles().map { $0 * spread + mean } }
        // (a) one-layer aPC of degree 4 by least squares on its orthonormal basis.
        let chaos = try ArbitraryPolynomialChaos(samples: training.inputs, degree: 4)
        let chaosCoefficients = chaos(training.inputs).transposed(0, 1).matmul(standardized) / Double(trainingCount)
        let chaosError = relativeError(unscale(chaos(test.inputs).matmul(chaosCoefficients)), test.targets)
        // (b) DaPC-NN.
        let deep = try DeepArbitraryPolynomialChaosNetwork(
            inputs: training.inputs, widths: widths, degree: degree, using: &generator)
        let trainingVariable = Variable(training.inputs)
        _ = try train(
            parameters: deep.parameters(), steps: steps, targets: standardized, loss: { deep(trainingVariable) },
            afterStep: { try deep.refit(on: training.inputs) })
        let deepError = relativeError(unscale(deep(test.inputs)), test.targets)
        // (c) tanh MLP on inputs standardized by the training statistics.
        let columns = (0..<3).map { training.inputs.selected(axis: 1, index: $0).toDoubles() }
        let location = Tensor(columns.map(Statistics.mean), shape: [1, 3])
        let width = Tensor(columns.map(Statistics.standardDeviation), shape: [1, 3])
        let perceptron = MLP([3] + hidden + [1], activation: .tanh, dtype: .float64, using: &generator)
        let scaledTraining = Variable((training.inputs - location) / width)
        _ = try train(
            parameters: perceptron.parameters(), steps: steps, targets: standardized,
            loss: { perceptron(scaledTraining) }, afterStep: {})
        let perceptronPrediction = perceptron(Variable((test.inputs - location) / width)).value
        let perceptronError = relativeError(unscale(perceptronPrediction), test.targets)
        let lower = columns.map { $0.min()! }
        let upper = columns.map { $0.max()! }
        let testPoints = test.inputs.toDoubles()
        let inside = (0..<testCount).filter { i in
            (0..<3).allSatisfy { testPoints[3 * i + $0] >= lower[$0] && testPoints[3 * i + $0] <= upper[$0] }
        }
        let deepPrediction = unscale(deep(test.inputs))
        let perceptronValues = unscale(perceptronPrediction)
        let insideTargets = inside.map { test.targets[$0] }
        return Outcome(
            chaos: chaosError, deep: deepError, perceptron: perceptronError,
            deepInside: relativeError(inside.map { deepPrediction[$0] }, insideTargets),
            perceptronInside: relativeError(inside.map { perceptronValues[$0] }, insideTargets),
            insideFraction: Double(inside.count) / Double(testCount),
            orthonormality: deep.orthonormalityError(on: training.inputs), deepParameters: deep.coefficientCount,
            perceptronParameters: perceptron.parameterCount)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let sizes = configuration.value(full: [50, 100, 200], quick: [50, 200], toy: [40])
        let steps = configuration.value(full: 2000, quick: 300, toy: 20)
        let testCount = configuration.value(full: 10_000, quick: 4000, toy: 500)
        let seeds = configuration.seeds()
        let start = Date()
        var outcomes: [Int: [Outcome]] = [:]
        var rows: [[Double]] = []
        for n in sizes {
            for seed in seeds {
                let outcome = try Self.runSeed(seed: seed, trainingCount: n, testCount: testCount, steps: steps)
                outcomes[n, default: []].append(outcome)
                rows.append([
                    Double(n), Double(seed), outcome.chaos, outcome.deep, outcome.perceptron, outcome.orthonormality,
                    outcome.deepInside, outcome.perceptronInside, outcome.insideFraction,
                ])
                print(
                    String(
                        format:
                            "n = %d, seed %d: rel-RMSE aPC-4 %.4f, DaPC-NN %.4f, MLP %.4f; Gram error %.2e (%.1f s)",
                        n, seed, outcome.chaos, outcome.deep, outcome.perceptron, outcome.orthonormality,
                        Date().timeIntervalSince(start)))
            }
        }
        var table = CSVTable()
        for (i, column) in [
            "n", "seed", "apc4_rel_rmse", "dapc_rel_rmse", "mlp_rel_rmse", "gram_error", "dapc_rel_rmse_inside",
            "mlp_rel_rmse_inside", "inside_fraction",
        ].enumerated() {
            table.add(column, rows.map { $0[i] })
        }
        try table.write("errors.csv", into: configuration.outputDirectory)
        var plot = LinePlot(
            title: "Ishigami, Beta(2, 5) inputs: relative test RMSE (mean over \(seeds.count) seeds)",
            xLabel: "training points n", yLabel: "relative RMSE", xScale: .logarithmic, yScale: .logarithmic)
        let x = sizes.map(Double.init)
        plot.addSeries("aPC degree 4", x: x, y: sizes.map { Statistics.mean(outcomes[$0]!.map(\.chaos)) })
        plot.addSeries("DaPC-NN 4-4, degree 2", x: x, y: sizes.map { Statistics.mean(outcomes[$0]!.map(\.deep)) })
        plot.addSeries("tanh MLP 8-8", x: x, y: sizes.map { Statistics.mean(outcomes[$0]!.map(\.perceptron)) })
        try plot.write(to: configuration.file("errors.svg"))
        let first = outcomes[sizes[0]]![0]
        var notes = [
            "parameters: DaPC-NN \(first.deepParameters), MLP \(first.perceptronParameters); Adam learning rate "
                + "\(Self.learningRate), \(steps) full-batch steps"
        ]
        for n in sizes {
            let group = outcomes[n]!
            notes.append(
                "n = \(n): rel-RMSE aPC-4 \(Estimate(values: group.map(\.chaos)).formatted()), DaPC-NN "
                    + "\(Estimate(values: group.map(\.deep)).formatted()), MLP "
                    + "\(Estimate(values: group.map(\.perceptron)).formatted()); inside the training box ("
                    + String(format: "%.0f%%", 100 * Statistics.mean(group.map(\.insideFraction)))
                    + " of the test points) DaPC-NN \(Estimate(values: group.map(\.deepInside)).formatted()), MLP "
                    + "\(Estimate(values: group.map(\.perceptronInside)).formatted())")
        }
        for note in notes { print(note) }
        var claims = sizes.map { n in
            Claim(
                name: "DaPC-NN / MLP rel-RMSE, n = \(n)",
                statement:
                    "DaPC-NN's relative RMSE is at most 0.8× the size-matched MLP's at n = \(n) (paired by seed)",
                measured: Estimate(values: outcomes[n]!.map { $0.deep / $0.perceptron }), condition: .atMost(0.8))
        }
        claims.append(
            Claim(
                name: "max per-node |Gram − I|",
                statement: "every node's basis is orthonormal on its training signals: |(1/n)ΨᵀΨ − I| ≤ 1e-8",
                measured: .exact(outcomes.values.flatMap { $0.map(\.orthonormality) }.max()!),
                condition: .atMost(1e-8)))
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "training_sizes": sizes.map(String.init).joined(separator: ","), "test_points": "\(testCount)",
                "steps": "\(steps)", "dapc_widths": "4,4,1", "dapc_degree": "\(Self.degree)", "mlp_hidden": "8,8",
                "inputs": "Beta(2,5) on [-pi, pi]",
            ],
            seeds: seeds, claims: claims, notes: notes, files: ["errors.csv", "errors.svg"])
    }
}
