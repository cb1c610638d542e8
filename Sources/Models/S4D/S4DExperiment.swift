import Autograd
import Foundation
import Layers
import Tensor

/// S4D (Gu, Gupta, Goel, Ré; NeurIPS 2022): diagonal state-space models, their parameterization and initialization.
///
/// (a) `KernelConvergenceStudy`: the S4D-LegS kernel converges to S4's as N grows.
/// (b) Initialization ablation on the adding problem (L = 500): a 2-layer S4D model (H = 32, N = 32, ZOH, Δ
///     log-uniform in [1e-3, 1e-1], GELU and a GLU output linear) read at the last step, trained with Adam (lr 1e-2;
///     Λ, Δ and B at 0.1× and no weight decay, S4's recipe), batch 64, 600 steps, for each of S4D-Lin, S4D-Inv,
///     S4D-LegS and a random Λ from the same seeds; test MSE on 512 fresh sequences.
/// (c) The convolution and the recurrence of a trained layer agree (in float64).
/// Thresholds from ../shared/papers/PLAN.md row 22, fixed before any run.
///
/// Why this configuration. The readout is the last step: with mean pooling one block can gate each value by its
/// marker pointwise and the pooling adds them, so no kernel has to reach back and the initialization cannot matter;
/// read at the last step, the second block's kernel must carry a marked value across up to 500 steps. The first
/// setup (S4's pre-LayerNorm blocks and final LayerNorm, batch 16) never left the plateau at the trivial MSE 1/6 at
/// L = 500, not in 5000 steps nor at batch 64 in 1500, although the same model warm-started from L = 100 solved
/// L = 500 within 300 steps: an optimization problem, not a bug (the gradient reaches Λ and Δ; the plateau shortened
/// with a larger learning rate for Λ, Δ, B, but not enough). Two parts of the block work against the task. A LayerNorm
/// across channels subtracts the mean and divides by the spread of all H channels at every step, so the channel
/// meant to carry value·marker (zero at unmarked steps) picks up the noise of the other channels at all 500 steps,
/// and its integral drowns the two marked values; BatchNorm (S4's `norm: batch` option, S5's LRA setting) normalizes
/// each channel by statistics over batch and time and leaves it clean. The final LayerNorm divides the answer's
/// channel by the spread of all of them before a linear readout of a sum, so it is left out (nothing else in the model
/// changes). With these, L = 300 left the plateau after ≈ 400 steps instead of ≈ 1800. Batch 64 rather than the plan's
/// 16: BatchNorm's variance of the gated channel rests on its two marked steps per sequence, and batch 16 made that
/// estimate noisy enough that evaluation with the running statistics lost most of what training reached. Float32
/// halves the step time (≈ 0.08 s at batch 64 here); 600 steps keep each initialization near a minute.
/// `--quick` runs the same model at L = 100, 300 steps of batch 32 (seconds per initialization).
public struct S4DExperiment: Experiment {
    public init() {}
    public let name = "s4d"
    public let summary =
        "S4D: S4D-LegS kernel → S4 kernel as N grows; structured inits solve the adding problem, random does not"

    public let paper =
        "On the Parameterization and Initialization of Diagonal State Space Models (Gu et al., NeurIPS 2022)"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let quick = configuration.scale != .full
        let kernelErrors = try KernelConvergenceStudy(
            stateSizes: [16, 32, 64, 128, 256], length: 2048, step: 1e-2, readoutStates: 16
        ).run(outputDirectory: configuration.outputDirectory) { print($0) }

        let length = quick ? 100 : 500
        let steps = quick ? 300 : 600
        let batchSize = quick ? 32 : 64
        var testGenerator = RandomGenerator(seed: configuration.baseSeed &+ 3)
        let test = AddingProblem.batch(count: 512, length: length, using: &testGenerator)
        let initializations: [(String, DiagonalInitialization)] = [
            ("S4D-Lin", .linear), ("S4D-Inv", .inverse), ("S4D-LegS", .legendre), ("random", .random),
        ]
        var testErrors: [String: Double] = [:]
        var agreement = 0.0
        var curves = CSVTable()
        var trainingPlot = LinePlot(
            title: "Adding problem, L = \(length): training loss (running mean of 50 steps)", xLabel: "step",
            yLabel: "MSE", yScale: .logarithmic)
        for (label, initialization) in initializations {
            var modelGenerator = RandomGenerator(seed: configuration.baseSeed &+ 1)
            var dataGenerator = RandomGenerator(seed: configuration.baseSeed &+ 2)
            let model = try StateSpaceSequenceModel(
                inputSize: 2, hiddenSize: 32, outputSize: 1, depth: 2, pooling: .last, output: .glu,
                normalization: .batch, finalNorm: false, dtype: .float32, using: &modelGenerator
            ) { generator in
                try S4DLayer(
                    channels: 32, stateSize: 32, initialization: initialization, dtype: .float32, using: &generator)
            }
            let losses = SequenceTraining.train(
                model, steps: steps, learningRate: 1e-2, cosine: true, label: label, reportEvery: steps / 4
            ) {
                let batch = AddingProblem.batch(count: batchSize, length: length, using: &dataGenerator)
                return (batch.inputs.cast(to: .float32), batch.targets.cast(to: .float32))
            }
            trainingPlot.addSeries(
                label, x: (1...steps).map(Double.init), y: SequenceTraining.smoothed(losses, width: 50))
            let error = SequenceTraining.meanSquaredError(
                model, inputs: test.inputs.cast(to: .float32), targets: test.targets.cast(to: .float32))
            testErrors[label] = error
            print(String(format: "%@: test MSE %.5f", label, error))
            if label == "S4D-Inv", let layer = model.blocks[0].mixer as? S4DLayer {
                agreement = try Self.convolutionRecurrenceDifference(
                    layer,
                    inputs: withoutGradients {
                        model.blocks[0].normalized(
                            model.encoder(
                                Variable(test.inputs.narrowed(axis: 0, start: 0, length: 4).cast(to: .float32)))
                        ).value
                    })
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

        var claims: [Claim] = []
        claims.append(
            Claim(
                name: "kernel error N=16 / N=256",
                statement: "the S4D-LegS kernel converges to the S4-LegS kernel as N → ∞",
                measured: .exact(kernelErrors.first! / kernelErrors.last!), condition: .atLeast(3)))
        let structured = ["S4D-Lin", "S4D-Inv", "S4D-LegS"]
        for label in structured {
            // One seed: a trained model's error without an interval is INCONCLUSIVE by the protocol.
            claims.append(
                Claim(
                    name: "\(label) adding MSE (L=\(length))",
                    statement: "structured initializations solve the adding problem (trivial MSE 0.167)",
                    measured: Estimate(values: [testErrors[label]!]), condition: .below(0.01)))
        }
        let worstStructured = structured.map { testErrors[$0]! }.max()!
        claims.append(
            Claim(
                name: "random / worst structured MSE",
                statement: "a random diagonal initialization is much worse at equal steps",
                measured: Estimate(values: [testErrors["random"]! / worstStructured]), condition: .atLeast(3)))
        claims.append(
            Claim(
                name: "conv vs recurrence (rel.)", statement: "the convolutional and recurrent modes compute the same map",
                measured: .exact(agreement), condition: .atMost(1e-5)))
        return ExperimentResult(
            experiment: name, paper: paper, seeds: [configuration.baseSeed], claims: claims,
            notes: [
                "kernel errors N = 16…256: " + kernelErrors.map { String(format: "%.4f", $0) }.joined(separator: ", "),
                "adding problem at L = \(length), \(steps) steps of batch \(batchSize) per initialization"
                    + (quick ? " (quick configuration; the plan's L is 500)" : ""),
                "plots: kernels.svg, kernel_error_vs_state_size.svg, adding_training.svg; data: kernels.csv, "
                    + "kernel_error_vs_state_size.csv, adding_problem.csv",
            ])
    }

    /// max |conv − recurrence| / max(1, max |conv|) of a float64 copy of `layer` on `inputs` `[batch, L, H]`: the two
    /// modes are one map in exact arithmetic, so they are compared in float64 whatever the training precision.
    static func convolutionRecurrenceDifference(_ layer: S4DLayer, inputs: Tensor) throws -> Double {
        var generator = RandomGenerator(seed: 0)
        let copy = try S4DLayer(
            channels: layer.channels, stateSize: 2 * layer.stateCount, initialization: .linear,
            discretization: layer.discretization, using: &generator)
        for (target, source) in zip(copy.parameters(), layer.parameters()) {
            target.assign(source.value.cast(to: .float64))
        }
        let u = inputs.cast(to: .float64)
        let convolved = withoutGradients { copy(Variable(u)).value }
        let recurrent = copy.recurrentOutput(u)
        return (convolved - recurrent).abs().max().item() / Swift.max(1, convolved.abs().max().item())
    }
}
