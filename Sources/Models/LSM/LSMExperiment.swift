import Autograd
import Foundation
import Layers
import Tensor

/// Latent Spectral Models against a parameter-matched FNO on 2-D Darcy flow (row 29 of PLAN.md; Wu, Hu, Luo, Wang
/// and Long, ICML 2023).
///
/// Data: `DarcyOperatorData` on the 32 × 32 node grid (400 training and 100 test pairs by default). Models: the
/// authors' `LSM_2D` reduced to 3 U-Net levels (32 → 16 → 8), width 16, 4 × 4 patches, 4 latent tokens, 12 basis
/// modes, 8 heads; the 2-D FNO (`FNO2d`, 4 Fourier layers, 8 × 8 modes) at the width that matches LSM's parameter
/// count. Both train with the authors' optimizer (Adam, lr 5·10⁻⁴, weight decay 10⁻⁴, batch 20, relative L2 loss on
/// decoded solutions) for the same number of epochs, the learning rate halved at 50 % and 75 % of them (their
/// StepLR(100, 0.5) over 500 epochs, compressed). Per seed (model initialization and batch order; the data are
/// shared), the test relative L2 error of each model and their ratio.
public struct LSMExperiment: Experiment {
    public init() {}
    public let name = "lsm"
    public let summary = "Latent Spectral Model vs a parameter-matched FNO on 32×32 Darcy flow (test relative L2)"
    public let paper =
        "Wu, Hu, Luo, Wang and Long, Solving High-Dimensional PDEs with Latent Spectral Models (ICML 2023)"

    /// The sizes of one run.
    struct Settings {
        var side = 32
        var trainCount = 400
        var testCount = 100
        var epochs = 25
        var batchSize = 20
        var learningRate = 5e-4
        var width = 16
        var levels = 3
        var patchSize = 4
        var fnoModes = 8
    }

    static func settings(_ configuration: ExperimentConfiguration) -> Settings {
        var s = Settings()
        s.trainCount = configuration.value(full: 400, quick: 100, toy: 20)
        s.testCount = configuration.value(full: 100, quick: 40, toy: 10)
        s.epochs = configuration.value(full: 20, quick: 4, toy: 2)
        s.batchSize = configuration.value(full: 20, quick: 20, toy: 10)
        if configuration.scale == .toy {
            (s.side, s.width, s.levels, s.patchSize, s.fnoModes) = (16, 8, 2, 4, 4)
        }
        return s
    }

    func makeLSM(_ s: Settings, using generator: inout RandomGenerator) -> LatentSpectralModel2d {
        LatentSpectralModel2d(
            width: s.width, levels: s.levels, basisCount: 12, tokenCount: 4, patchSize: IntOrPair(s.patchSize),
            headCount: 8, using: &generator)
    }

    /// The FNO whose parameter count is closest to `target`.
    func makeFNO(_ s: Settings, matching target: Int, using generator: inout RandomGenerator) -> FNO2d {
        var best = (width: 1, count: 0)
        for width in 2...128 {
            var probe = RandomGenerator(seed: 0)
            let count = FNO2d(rowModes: s.fnoModes, columnModes: s.fnoModes, width: width, using: &probe).parameterCount
            if abs(count - target) < abs(best.count - target) { best = (width, count) }
            if count > target { break }
        }
        return FNO2d(rowModes: s.fnoModes, columnModes: s.fnoModes, width: best.width, using: &generator)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let s = Self.settings(configuration)
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        var dataGenerator = RandomGenerator(seed: configuration.baseSeed &+ 0xDA2C)
        let start = Date()
        let data = DarcyOperatorData(
            trainCount: s.trainCount, testCount: s.testCount, side: s.side, dtype: .float32, using: &dataGenerator)
        var notes = [
            String(
                format: "data: %d train + %d test Darcy pairs on %d×%d, generated in %.1f s", s.trainCount, s.testCount,
                s.side, s.side, Date().timeIntervalSince(start))
        ]
        print(notes.last!)
        var lsmErrors: [Double] = []
        var fnoErrors: [Double] = []
        var curves = CSVTable()
        var lsmParameters = 0
        var fnoParameters = 0
        var fnoWidth = 0
        var lsmSeconds = 0.0
        var fnoSeconds = 0.0
        var example: (lsm: Tensor, fno: Tensor)?
        for seed in seeds {
            var generator = RandomGenerator(seed: seed)
            let lsm = makeLSM(s, using: &generator)
            let fno = makeFNO(s, matching: lsm.parameterCount, using: &generator)
            (lsmParameters, fnoParameters, fnoWidth) = (
                lsm.parameterCount, fno.parameterCount, fno.lift.outputDimensions
            )
            var lsmOrder = generator.split()
            var fnoOrder = generator.split()
            var clock = Date()
            let lsmRun = Self.train(lsm, data: data, settings: s, using: &lsmOrder)
            lsmSeconds += Date().timeIntervalSince(clock)
            clock = Date()
            let fnoRun = Self.train(fno, data: data, settings: s, using: &fnoOrder)
            fnoSeconds += Date().timeIntervalSince(clock)
            lsmErrors.append(lsmRun.testErrors.last!)
            fnoErrors.append(fnoRun.testErrors.last!)
            curves.add("lsm_test_seed\(seed)", lsmRun.testErrors)
            curves.add("fno_test_seed\(seed)", fnoRun.testErrors)
            curves.add("lsm_train_seed\(seed)", lsmRun.trainLosses)
            curves.add("fno_train_seed\(seed)", fnoRun.trainLosses)
            if example == nil { example = (lsmRun.firstTestPrediction, fnoRun.firstTestPrediction) }
            print(
                String(
                    format: "seed %llu: LSM test rel-L2 %.4f, FNO %.4f (ratio %.3f)", seed, lsmErrors.last!,
                    fnoErrors.last!, lsmErrors.last! / fnoErrors.last!))
        }
        let ratios = zip(lsmErrors, fnoErrors).map { $0 / $1 }
        notes += [
            "LSM test rel-L2 \(Estimate(values: lsmErrors).formatted()); FNO \(Estimate(values: fnoErrors).formatted())",
            "stretch (LSM < FNO): ratio \(Estimate(values: ratios).formatted()) (below 1 is the paper's direction)",
            "parameters: LSM \(lsmParameters), FNO \(fnoParameters) (width \(fnoWidth), \(s.fnoModes)×\(s.fnoModes) modes)",
            String(
                format: "training time per seed: LSM %.1f s, FNO %.1f s (%d epochs)", lsmSeconds / Double(seeds.count),
                fnoSeconds / Double(seeds.count), s.epochs),
        ]
        var files = [try curves.write("curves.csv", into: configuration.outputDirectory)]
        files.append(try writeFigure(data: data, example: example!, curves: curves, seeds: seeds, s, configuration))
        let claims = [
            Claim(
                name: "LSM rel-L2 < 0.05",
                statement: "LSM's test relative L2 error on 32×32 Darcy is below 0.05",
                measured: Estimate(values: lsmErrors), condition: .below(0.05)),
            Claim(
                name: "LSM ≤ 1.1× FNO",
                statement: "LSM's test error is at most 1.1× that of a parameter-matched FNO (per-seed ratio)",
                measured: Estimate(values: ratios), condition: .atMost(1.1)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "grid": "\(s.side)x\(s.side)", "train": "\(s.trainCount)", "test": "\(s.testCount)",
                "epochs": "\(s.epochs)", "batch": "\(s.batchSize)", "learning_rate": "\(s.learningRate)",
                "lsm": "width \(s.width), \(s.levels) levels, patch \(s.patchSize), 4 tokens, 12 bases, 8 heads",
                "fno": "width \(fnoWidth), modes \(s.fnoModes), 4 layers",
            ],
            seeds: seeds, claims: claims, notes: notes, files: files)
    }

    /// What one training run records.
    struct Run {
        /// Mean relative L2 training loss per epoch.
        var trainLosses: [Double] = []
        /// Mean relative L2 test error after each epoch.
        var testErrors: [Double] = []
        /// The decoded prediction for the first test sample after training, `[side, side]`.
        var firstTestPrediction = Tensor.zeros([1])
    }

    /// Adam on the summed relative L2 loss of decoded solutions, the learning rate halved at 50 % and 75 % of the
    /// epochs; the test error (evaluation mode) after every epoch.
    static func train(
        _ model: some UnaryLayer, data: DarcyOperatorData, settings s: Settings, using generator: inout RandomGenerator
    ) -> Run {
        let adam = Adam(parameters: model.parameters(), learningRate: s.learningRate, weightDecay: 1e-4)
        let loader = DataLoader([data.trainInputs, data.trainTargets], batchSize: s.batchSize)
        var run = Run()
        for epoch in 0..<s.epochs {
            adam.learningRate = s.learningRate * (epoch >= s.epochs * 3 / 4 ? 0.25 : epoch >= s.epochs / 2 ? 0.5 : 1)
            model.train()
            var total = 0.0
            for batch in loader.batches(shuffledBy: &generator) {
                model.zeroGradients()
                let loss = Loss.relativeL2(data.decoded(model(Variable(batch[0]))), Variable(batch[1]))
                loss.backward()
                adam.step()
                total += loss.item()
            }
            run.trainLosses.append(total / Double(s.trainCount))
            model.eval()
            let (error, first) = evaluate(model, data: data, batchSize: s.batchSize)
            run.testErrors.append(error)
            run.firstTestPrediction = first
        }
        return run
    }

    /// Mean test relative L2 error and the first test prediction.
    static func evaluate(_ model: some UnaryLayer, data: DarcyOperatorData, batchSize: Int) -> (Double, Tensor) {
        withoutGradients {
            var total = 0.0
            var first: Tensor?
            for batch in DataLoader([data.testInputs, data.testTargets], batchSize: batchSize).batches() {
                let prediction = data.decoded(model(Variable(batch[0])))
                total += Loss.relativeL2(prediction, Variable(batch[1])).item()
                if first == nil { first = prediction.value.selected(axis: 0, index: 0) }
            }
            return (total / Double(data.testTargets.shape[0]), first!)
        }
    }

    /// Test error against epochs for every seed, and the first test sample: permeability, solution, both
    /// predictions' errors.
    private func writeFigure(
        data: DarcyOperatorData, example: (lsm: Tensor, fno: Tensor), curves: CSVTable, seeds: [UInt64],
        _ s: Settings, _ configuration: ExperimentConfiguration
    ) throws -> String {
        var plot = LinePlot(
            title: "Darcy \(s.side)×\(s.side): test relative L2", xLabel: "epoch", yLabel: "relative L2",
            yScale: .logarithmic)
        let epochs = (1...s.epochs).map(Double.init)
        for (index, name) in curves.names.enumerated() where name.contains("_test_") {
            plot.addSeries(
                name.replacingOccurrences(of: "_test_seed", with: " seed "), x: epochs, y: curves.columns[index])
        }
        let truth = data.testTargets.selected(axis: 0, index: 0)
        var figure = PlotPanels(columns: 3)
        figure.add(plot)
        figure.add(Heatmap(data.firstTestPermeability, title: "permeability a", colorbarLabel: "a"))
        figure.add(Heatmap(truth, title: "solution u (finite differences)", colorbarLabel: "u"))
        figure.add(Heatmap(example.lsm, title: "LSM prediction (seed \(seeds[0]))", colorbarLabel: "u"))
        figure.add(Heatmap((example.lsm - truth).abs(), title: "|LSM − u|", colorbarLabel: "error"))
        figure.add(Heatmap((example.fno - truth).abs(), title: "|FNO − u|", colorbarLabel: "error"))
        try figure.write(to: configuration.file("lsm.svg"))
        return "lsm.svg"
    }
}
