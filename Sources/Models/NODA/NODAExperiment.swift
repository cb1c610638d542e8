import Autograd
import Foundation
import Layers
import Tensor

/// Row 18 of PLAN.md: semilinear neural operators for prediction and data assimilation (NODA) on Kuramoto–Sivashinsky.
///
/// A semilinear predictor (exact linear propagator + FNO) and a plain residual FNO are trained one step ahead
/// (Δt = 0.25, L = 22, 64 points); a learned corrector K (`NODACorrector`) is then trained by backpropagation through
/// 5 predict–correct cycles with random sensor sets (6–50% of the points, noise 10% of the state RMS). Test: 200-step
/// runs from fresh states on the attractor, with and without correction. Claims (PLAN.md's thresholds, fixed before
/// running): with 25% sensors the relative L2 error stays < 0.3 at every step (per seed: the maximum over steps);
/// without correction it is > 0.8 at step 200; the time-averaged error falls with the sensor fraction (per seed: the
/// largest change between consecutive fractions 1/16, 1/8, 1/4, 1/2 is < 0); the semilinear predictor's one-step
/// error ≤ 1.1× the plain FNO's (per-seed ratio).
public struct NODAExperiment: Experiment {
    public init() {}
    public let name = "noda"
    public let summary = "Semilinear neural operator on KS: 200-step prediction corrected from sparse noisy sensors"
    public let paper =
        "Learning Semilinear Neural Operators: A Unified Recursive Framework for Prediction and Data Assimilation (ICLR 2024)"

    static let fractions = [1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2]
    static let noiseLevel = 0.1
    static let cycles = 5

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let seeds = configuration.seeds()
        let trainCount = configuration.value(full: 32, quick: 12, toy: 3)
        let trainHorizon = configuration.value(full: 40, quick: 20, toy: 8)
        let testCount = configuration.value(full: 8, quick: 4, toy: 2)
        let rolloutSteps = configuration.value(full: 200, quick: 200, toy: 10)
        let steps = configuration.value(full: 300, quick: 60, toy: 3)
        let batch = configuration.value(full: 16, quick: 8, toy: 2)

        var oneStepRatios: [Double] = []
        var withSensors: [Double] = []
        var without: [Double] = []
        var monotone: [Double] = []
        var curves: [String: [Double]] = [:]
        for seed in seeds {
            var generator = RandomGenerator(seed: 2000 + seed)
            let train = KuramotoSivashinskyData.trajectories(trainCount, steps: trainHorizon, using: &generator)
            let test = KuramotoSivashinskyData.trajectories(testCount, steps: rolloutSteps, using: &generator)
            let scale = (train * train).mean().item().squareRoot()
            let semilinear = NODAPredictor(semilinear: true, using: &generator)
            let plain = NODAPredictor(semilinear: false, using: &generator)
            for predictor in [semilinear, plain] {
                NODAExperiment.trainPredictor(predictor, on: train, steps: steps, batch: batch, using: &generator)
            }
            let oneStep = [semilinear, plain].map { NODAExperiment.oneStepError($0, on: test) }
            oneStepRatios.append(oneStep[0] / oneStep[1])
            let corrector = NODACorrector(using: &generator)
            NODAExperiment.trainCorrector(
                corrector, predictor: semilinear, on: train, steps: steps, batch: batch,
                noise: scale * NODAExperiment.noiseLevel,
                using: &generator)

            let free = NODAExperiment.assimilate(
                semilinear, corrector: nil, test: test, steps: rolloutSteps, fraction: 0, noise: 0, using: &generator)
            without.append(free.last!)
            var averages: [Double] = []
            for fraction in NODAExperiment.fractions {
                let errors = NODAExperiment.assimilate(
                    semilinear, corrector: corrector, test: test, steps: rolloutSteps, fraction: fraction,
                    noise: scale * NODAExperiment.noiseLevel, using: &generator)
                averages.append(Statistics.mean(errors))
                if fraction == 0.25 { withSensors.append(errors.max()!) }
                if seed == seeds[0] { curves["sensors_\(Int(fraction * 100))pct"] = errors }
            }
            if seed == seeds[0] { curves["no_correction"] = free }
            monotone.append(zip(averages.dropFirst(), averages).map { $0 - $1 }.max()!)
            print(
                "seed \(seed): one-step error semilinear \(String(format: "%.4f", oneStep[0])), FNO "
                    + "\(String(format: "%.4f", oneStep[1])); no correction at step \(rolloutSteps): "
                    + "\(String(format: "%.3f", free.last!)); time-averaged error by sensor fraction "
                    + averages.map { String(format: "%.3f", $0) }.joined(separator: ", "))
        }

        let stepNumbers = (1...rolloutSteps).map(Double.init)
        var table = CSVTable()
        table.add("step", stepNumbers)
        var plot = LinePlot(
            title: "KS assimilation: relative L2 error (seed \(seeds[0]))", xLabel: "step", yLabel: "relative L2",
            yScale: .logarithmic)
        for name in curves.keys.sorted() {
            table.add(name, curves[name]!)
            plot.addSeries(name, x: stepNumbers, y: curves[name]!)
        }
        try table.write("assimilation_error.csv", into: configuration.outputDirectory)
        try plot.write(to: configuration.file("assimilation_error.svg"))

        let claims = [
            Claim(
                name: "corrected error, 25% sensors",
                statement: "with 25% noisy sensors the error stays < 0.3 throughout",
                measured: Estimate(values: withSensors), condition: .below(0.3)),
            Claim(
                name: "uncorrected error", statement: "without correction the error exceeds 0.8 by step 200",
                measured: Estimate(values: without), condition: .above(0.8)),
            Claim(
                name: "monotone in sensor fraction",
                statement: "the error falls as the sensor fraction grows (largest consecutive change < 0)",
                measured: Estimate(values: monotone), condition: .below(0)),
            Claim(
                name: "one-step error vs FNO", statement: "the semilinear NO's one-step error ≤ 1.1× a plain FNO's",
                measured: Estimate(values: oneStepRatios), condition: .atMost(1.1)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "domain": "22", "points": "\(KuramotoSivashinskyData.points)",
                "dt": "\(KuramotoSivashinskyData.interval)",
                "train_trajectories": "\(trainCount)", "train_horizon": "\(trainHorizon)",
                "test_trajectories": "\(testCount)",
                "rollout_steps": "\(rolloutSteps)", "training_steps": "\(steps)", "batch": "\(batch)",
                "noise": "\(NODAExperiment.noiseLevel) of the state RMS",
                "corrector_cycles": "\(NODAExperiment.cycles)",
            ],
            seeds: seeds, claims: claims, notes: [], files: ["assimilation_error.csv", "assimilation_error.svg"])
    }

    /// `batch` windows of `length + 1` consecutive states, `[B, length + 1, n]`.
    static func windows(_ data: Tensor, length: Int, batch: Int, using generator: inout RandomGenerator) -> Tensor {
        let (count, horizon) = (data.shape[0], data.shape[1] - 1)
        return Tensor.stacked(
            (0..<batch).map { _ in
                let i = Int(generator.nextInteger(below: UInt64(count)))
                let t = Int(generator.nextInteger(below: UInt64(horizon - length + 1)))
                return data.selected(axis: 0, index: i).narrowed(axis: 0, start: t, length: length + 1)
            })
    }

    static func trainPredictor(
        _ predictor: NODAPredictor, on data: Tensor, steps: Int, batch: Int, using generator: inout RandomGenerator
    ) {
        let adam = Adam(parameters: predictor.parameters(), learningRate: 2e-3)
        for _ in 0..<steps {
            let window = windows(data, length: 1, batch: batch, using: &generator)
            predictor.zeroGradients()
            let prediction = predictor(Variable(window.selected(axis: 1, index: 0)))
            Loss.relativeL2(prediction, Variable(window.selected(axis: 1, index: 1)), reduction: .mean).backward()
            adam.step()
        }
    }

    /// Random sensor masks with `fraction` of the points (at least one) and observations with Gaussian noise.
    static func observe(_ truth: Tensor, fraction: Double, noise: Double, using generator: inout RandomGenerator)
        -> (observations: Tensor, mask: Tensor)
    {
        let (count, n) = (truth.shape[0], truth.shape[1])
        var mask = [Double](repeating: 0, count: count * n)
        let sensors = max(1, Int((fraction * Double(n)).rounded()))
        for b in 0..<count {
            var points = Array(0..<n)
            for i in 0..<sensors {
                let j = i + Int(generator.nextInteger(below: UInt64(n - i)))
                points.swapAt(i, j)
                mask[b * n + points[i]] = 1
            }
        }
        let observations = truth + Tensor.normal(truth.shape, dtype: truth.dtype, using: &generator) * noise
        return (observations, Tensor(mask, shape: truth.shape, dtype: truth.dtype))
    }

    /// The corrector trained through `cycles` predict–correct steps (the predictor frozen), from a perturbed start.
    static func trainCorrector(
        _ corrector: NODACorrector, predictor: NODAPredictor, on data: Tensor, steps: Int, batch: Int, noise: Double,
        using generator: inout RandomGenerator
    ) {
        let adam = Adam(parameters: corrector.parameters(), learningRate: 2e-3)
        for p in predictor.parameters() { p.isFrozen = true }
        defer { for p in predictor.parameters() { p.isFrozen = false } }
        for _ in 0..<steps {
            let window = windows(data, length: cycles, batch: batch, using: &generator)
            let start = window.selected(axis: 1, index: 0)
            var state = Variable(
                start + Tensor.normal(start.shape, dtype: start.dtype, using: &generator) * (noise * 5))
            var loss: Variable?
            for t in 1...cycles {
                let truth = window.selected(axis: 1, index: t)
                let fraction = fractions[Int(generator.nextInteger(below: UInt64(fractions.count)))]
                let (y, mask) = observe(truth, fraction: fraction, noise: noise, using: &generator)
                state = corrector(predictor(state), observations: y, mask: mask)
                let term = Loss.relativeL2(state, Variable(truth), reduction: .mean)
                loss = loss.map { $0 + term } ?? term
            }
            corrector.zeroGradients()
            loss!.backward()
            adam.step()
        }
    }

    /// Mean relative L2 error of one predicted step over every consecutive pair of the test trajectories.
    static func oneStepError(_ predictor: NODAPredictor, on test: Tensor) -> Double {
        let (count, horizon, n) = (test.shape[0], test.shape[1] - 1, test.shape[2])
        let inputs = test.narrowed(axis: 1, start: 0, length: horizon).reshaped([count * horizon, n])
        let targets = test.narrowed(axis: 1, start: 1, length: horizon).reshaped([count * horizon, n])
        return withoutGradients { Loss.relativeL2(predictor(Variable(inputs)), Variable(targets), reduction: .mean) }
            .item()
    }

    /// The per-step relative L2 error (mean over trajectories) of a run from the true initial state, corrected at every
    /// step from `fraction` of the points when a corrector is given.
    static func assimilate(
        _ predictor: NODAPredictor, corrector: NODACorrector?, test: Tensor, steps: Int, fraction: Double,
        noise: Double, using generator: inout RandomGenerator
    ) -> [Double] {
        withoutGradients {
            var state = Variable(test.selected(axis: 1, index: 0))
            var errors: [Double] = []
            for t in 1...steps {
                let truth = test.selected(axis: 1, index: t)
                state = predictor(state)
                if let corrector {
                    let (y, mask) = observe(truth, fraction: fraction, noise: noise, using: &generator)
                    state = corrector(state, observations: y, mask: mask)
                }
                let difference = (state.value - truth).square().sum(axes: [1]).sqrt()
                errors.append((difference / truth.square().sum(axes: [1]).sqrt()).mean().item())
            }
            return errors
        }
    }
}
