import Autograd
import Foundation
import Layers
import Tensor

/// S4D (Gu, Gupta, Goel, Ré; NeurIPS 2022): diagonal state-space models, their parameterization and initialization.
///
/// (a) `KernelConvergenceStudy`: the S4D-LegS kernel converges to S4's as N grows.
/// (b) Initialization ablation on the adding problem (L = 500): a 2-layer S4D model (H = 32, N = 32, GLU, last-step
///     pooling) trained with Adam (lr 1e-2 with Λ, Δ, B at 0.1× and no weight decay, S4's recipe; the plan's 1e-3 did
///     not leave the plateau at L = 50 in 1000 steps), batch 16, for each of S4D-Lin, S4D-Inv, S4D-LegS and a random Λ;
///     test MSE on 512 fresh sequences.
/// (c) The convolution and the recurrence of a trained layer agree.
/// Thresholds from ../shared/papers/PLAN.md row 22, fixed before any run.
///
/// Configuration and what it found. The plan's 2000 steps per initialization cost 6–9 minutes each here, so the default
/// trains 400 steps (a few minutes in all) and `--quick` 200 steps at L = 100. Neither leaves the plateau at the
/// trivial MSE 1/6: with batch 16 the adding problem was not learned at L = 100 in 1000 steps nor at L = 500 in the
/// plan's full 2000 steps (S4D-Lin and S4D-Inv: test MSE 0.153 after 2000 steps), while batch 64 learned L = 100 after
/// about 500 steps. So (b) fails at this CPU budget for every initialization, and the random-init ratio is ≈ 1; (a)
/// and (c) hold.
public struct S4DExperiment: Experiment {
    public init() {}
    public let name = "s4d"
    public let summary =
        "S4D: S4D-LegS kernel → S4 kernel as N grows; structured inits solve the adding problem, random does not"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentReport {
        let start = Date()
        let quick = configuration.quick
        let kernelErrors = try KernelConvergenceStudy(
            stateSizes: [16, 32, 64, 128, 256], length: 2048, step: 1e-2, readoutStates: 16
        ).run(outputDirectory: configuration.outputDirectory) { print($0) }

        let length = quick ? 100 : 500
        let steps = quick ? 200 : 400
        var testGenerator = RandomGenerator(seed: configuration.seed &+ 3)
        let test = AddingProblem.batch(count: 512, length: length, using: &testGenerator)
        let initializations: [(String, DiagonalInitialization)] = [
            ("S4D-Lin", .linear), ("S4D-Inv", .inverse), ("S4D-LegS", .legendre), ("random", .random),
        ]
        var testErrors: [String: Double] = [:]
        var agreement = 0.0
        var curves = CurveTable()
        var trainingPlot = LinePlot(
            title: "Adding problem, L = \(length): training loss (running mean of 50 steps)", xLabel: "step",
            yLabel: "MSE", yScale: .logarithmic)
        for (label, initialization) in initializations {
            var modelGenerator = RandomGenerator(seed: configuration.seed &+ 1)
            var dataGenerator = RandomGenerator(seed: configuration.seed &+ 2)
            let model = try StateSpaceSequenceModel(
                inputSize: 2, hiddenSize: 32, outputSize: 1, depth: 2, pooling: .last, output: .glu,
                using: &modelGenerator
            ) { generator in
                try S4DLayer(channels: 32, stateSize: 32, initialization: initialization, using: &generator)
            }
            let losses = SequenceTraining.train(
                model, steps: steps, learningRate: 1e-2, label: label, reportEvery: steps / 4
            ) { AddingProblem.batch(count: 16, length: length, using: &dataGenerator) }
            trainingPlot.addSeries(
                label, x: (1...steps).map(Double.init), y: SequenceTraining.smoothed(losses, width: 50))
            let error = SequenceTraining.meanSquaredError(model, inputs: test.inputs, targets: test.targets)
            testErrors[label] = error
            print(String(format: "%@: test MSE %.5f", label, error))
            if label == "S4D-Inv", let layer = model.blocks[0].mixer as? S4DLayer {
                let u = test.inputs.narrowed(axis: 0, start: 0, length: 4)
                let hidden = withoutGradients { model.blocks[0].norm(model.encoder(Variable(u))).value }
                let convolved = withoutGradients { layer(Variable(hidden)).value }
                let recurrent = layer.recurrentOutput(hidden)
                agreement = (convolved - recurrent).abs().max().item() / Swift.max(1, convolved.abs().max().item())
                print(
                    String(
                        format: "trained S4D-Inv layer: convolution vs recurrence, max relative difference %.3g",
                        agreement))
            }
        }
        curves.add("initialization_index", initializations.indices.map(Double.init))
        curves.add("test_mse", initializations.map { testErrors[$0.0]! })
        try curves.write("adding_problem.csv", into: configuration.outputDirectory)
        try trainingPlot.write(to: configuration.outputDirectory.appendingPathComponent("adding_training.svg"))

        var figures: [Figure] = []
        let drop = kernelErrors.first! / kernelErrors.last!
        figures.append(
            Figure(
                name: "kernel error N=16 / N=256", measured: drop,
                claim: "the S4D-LegS kernel converges to the S4-LegS kernel as N → ∞", threshold: "≥ 3",
                passed: drop >= 3))
        let structured = ["S4D-Lin", "S4D-Inv", "S4D-LegS"]
        for label in structured {
            figures.append(
                Figure(
                    name: "\(label) adding MSE (L=\(length))", measured: testErrors[label]!,
                    claim: "structured initializations solve the adding problem (trivial MSE 0.167)",
                    threshold: "< 0.01",
                    passed: testErrors[label]! < 0.01))
        }
        let worstStructured = structured.map { testErrors[$0]! }.max()!
        let randomRatio = testErrors["random"]! / worstStructured
        figures.append(
            Figure(
                name: "random / worst structured MSE", measured: randomRatio,
                claim: "a random diagonal initialization is much worse at equal steps", threshold: "≥ 3",
                passed: randomRatio >= 3))
        figures.append(
            Figure(
                name: "conv vs recurrence (rel.)", measured: agreement,
                claim: "the convolutional and recurrent modes compute the same map", threshold: "≤ 1e-5",
                passed: agreement <= 1e-5))
        let seconds = Date().timeIntervalSince(start)
        return ExperimentReport(
            experiment: name,
            paper:
                "On the Parameterization and Initialization of Diagonal State Space Models (Gu et al., NeurIPS 2022)",
            figures: figures, seconds: seconds,
            notes: [
                "kernel errors N = 16…256: " + kernelErrors.map { String(format: "%.4f", $0) }.joined(separator: ", "),
                "adding problem at L = \(length), \(steps) steps per initialization"
                    + (quick ? " (quick configuration; the plan's L is 500)" : ""),
                "plots: kernels.svg, kernel_error_vs_state_size.svg, adding_training.svg; data: kernels.csv, "
                    + "kernel_error_vs_state_size.csv, adding_problem.csv",
            ])
    }
}
