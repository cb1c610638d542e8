import Autograd
import Foundation
import Layers
import Tensor

/// A Lorenz-96 analogue of HealDA (row 26 of PLAN.md; "Highlighting the importance of initial errors in end-to-end
/// AI weather forecasts", 2026): a background-free data-assimilation network initializes an off-the-shelf,
/// imperfect forecaster, and the forecast's loss against truth-initialized forecasts is read as initial error.
///
/// Truth: Lorenz-96, 40 sites, F = 8, RK4 with step 0.01. Observations every 0.05 MTU at a random half of the sites,
/// error σ = 1. The DA network (`AssimilationNetwork`) maps the last 4 observation times to the state, trained on
/// 20k windows (MSE, Adam). The forecaster, standing for the paper's fixed ML models, is Lorenz-96 with F = 9 (a
/// model error fixed before any run: with a perfect model the truth-initialized forecast has no error at all and
/// the paper's comparison is empty). Forecasts of 2.5 MTU from (a) the truth, (b) the network's analysis, (c) the
/// mean of a stochastic EnKF (40 members, inflation 1.1, Gaspari–Cohn radius 4, cycled 3 MTU with the same
/// forecaster and observations) are scored by RMSE against the truth. Figures per seed: the growth rate of ln RMSE
/// over leads 0.2–1 MTU ((b)/(a)), the effective lead-time loss Δτ (the mean over leads t in 0.2–1 MTU of the lead
/// at which (a) reaches (b)'s RMSE at t, minus t), and the share of the analysis error's variance at wavenumbers
/// > 10 over the same share of the truth's variance.
public struct HealDAExperiment: Experiment {
    public init() {}
    public let name = "healda-l96"
    public let summary =
        "Background-free DA network on Lorenz-96 initializes an imperfect forecaster: error growth as truth-init "
        + "(±10%), effective lead loss < 0.2 MTU, analysis error concentrated at small scales"
    public let paper =
        "Highlighting the importance of initial errors in end-to-end AI weather forecasts (HealDA; NVIDIA-led, 2026)"

    static let windowLength = 4
    static let modelForcing = 9.0
    static let observationInterval = 0.05

    /// The sizes of one run.
    struct Setup {
        var trainingTrajectories: Int
        var windowsPerTrajectory: Int
        var width: Int
        var depth: Int
        var trainingSteps: Int
        var batchSize: Int
        var learningRate = 2e-3
        var testCases: Int
        var filterCycles: Int
        var members: Int
        var leads: Int
    }

    /// One seed's forecasts and analyses.
    struct Outcome {
        /// RMSE against the truth at leads 0, 0.05, … for the truth, network and EnKF initializations.
        var truthRMSE: [Double]
        var networkRMSE: [Double]
        var filterRMSE: [Double]
        /// Variance spectra over wavenumbers 0…20 (Parseval weights), averaged over cases.
        var networkErrorSpectrum: [Double]
        var filterErrorSpectrum: [Double]
        var truthSpectrum: [Double]
        var trainingLoss: [Double]
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let setup = Setup(
            trainingTrajectories: configuration.value(full: 1000, quick: 250, toy: 12),
            windowsPerTrajectory: configuration.value(full: 20, quick: 20, toy: 4),
            width: configuration.value(full: 32, quick: 24, toy: 8),
            depth: configuration.value(full: 3, quick: 2, toy: 1),
            trainingSteps: configuration.value(full: 3000, quick: 300, toy: 20),
            batchSize: configuration.value(full: 64, quick: 64, toy: 16),
            testCases: configuration.value(full: 200, quick: 60, toy: 6),
            filterCycles: configuration.value(full: 60, quick: 40, toy: 8),
            members: configuration.value(full: 40, quick: 40, toy: 10),
            leads: configuration.value(full: 50, quick: 40, toy: 24))
        let seeds = configuration.seeds()
        var outcomes: [Outcome] = []
        var notes: [String] = []
        for seed in seeds {
            let start = Date()
            let outcome = try Self.runSeed(setup, seed: seed)
            outcomes.append(outcome)
            notes.append(
                String(
                    format: "seed %llu: analysis RMSE %.3f (network), %.3f (EnKF); forecast RMSE at 1 MTU %.3f (truth "
                        + "init), %.3f (network), %.3f (EnKF) (%.1f s)",
                    seed, outcome.networkRMSE[0], outcome.filterRMSE[0], outcome.truthRMSE[20],
                    outcome.networkRMSE[20], outcome.filterRMSE[20], Date().timeIntervalSince(start)))
            print(notes.last!)
        }
        let leads = (0...setup.leads).map { Double($0) * Self.observationInterval }
        let growthRatios = outcomes.map {
            Self.growthRate($0.networkRMSE, leads: leads) / Self.growthRate($0.truthRMSE, leads: leads)
        }
        let leadLosses = outcomes.map { Self.leadTimeLoss($0.networkRMSE, reference: $0.truthRMSE, leads: leads) }
        let smallScaleRatios = outcomes.map {
            Self.smallScaleShare($0.networkErrorSpectrum) / Self.smallScaleShare($0.truthSpectrum)
        }
        let filterLeadLosses = outcomes.map { Self.leadTimeLoss($0.filterRMSE, reference: $0.truthRMSE, leads: leads) }
        let filterGrowth = outcomes.map {
            Self.growthRate($0.filterRMSE, leads: leads) / Self.growthRate($0.truthRMSE, leads: leads)
        }
        let truthGrowth = Estimate(values: outcomes.map { Self.growthRate($0.truthRMSE, leads: leads) })
        notes.append(
            "EnKF initialization: growth-rate ratio \(Estimate(values: filterGrowth).formatted()), effective lead loss "
                + "\(Estimate(values: filterLeadLosses).formatted()) MTU; truth-init growth rate "
                + "\(truthGrowth.formatted()) per MTU"
        )
        try Self.writeFigures(outcomes, leads: leads, seeds: seeds, into: configuration)

        let claims = [
            Claim(
                name: "growth rate ratio (network / truth init)",
                statement: "DA-initialized forecast error grows at the truth-initialized rate within 10% (ln RMSE, "
                    + "leads 0.2–1 MTU)",
                measured: Estimate(values: growthRatios), condition: .between(0.9, 1.1)),
            Claim(
                name: "effective lead-time loss (MTU)",
                statement:
                    "DA-initialized forecasts lose < 0.2 MTU (≈ 1 day) of lead time against truth-initialized ones",
                measured: Estimate(values: leadLosses), condition: .below(0.2)),
            Claim(
                name: "small-scale share of analysis error / of truth variance",
                statement: "the analysis error's share at wavenumbers > 10 exceeds the truth variance's share there",
                measured: Estimate(values: smallScaleRatios), condition: .above(1)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "sites": "40", "truth_forcing": "8", "model_forcing": "\(Self.modelForcing)", "rk4_step": "0.01",
                "observation_interval": "0.05 MTU", "coverage": "0.5", "observation_noise": "1",
                "window": "\(Self.windowLength) observation times",
                "training_windows": "\(setup.trainingTrajectories * setup.windowsPerTrajectory)",
                "network": "masked conv 5 → \(setup.depth) residual conv 5 blocks, width \(setup.width)",
                "training_steps": "\(setup.trainingSteps)", "batch": "\(setup.batchSize)",
                "test_cases": "\(setup.testCases)",
                "enkf": "\(setup.members) members, inflation 1.1, Gaspari–Cohn radius 4, \(setup.filterCycles) cycles",
                "forecast_length": "\(Double(setup.leads) * Self.observationInterval) MTU",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: ["rmse.csv", "rmse.svg", "spectra.csv", "spectra.svg", "training.svg"])
    }

    /// Trains the network, cycles the EnKF on fresh test trajectories, and forecasts from the three initializations.
    static func runSeed(_ setup: Setup, seed: UInt64) throws -> Outcome {
        var generator = RandomGenerator(seed: seed)
        let settings = Lorenz96Observations.Settings()
        let length = windowLength
        // Training windows: every window of `length` consecutive times of each trajectory.
        let training = Lorenz96Observations(
            cases: setup.trainingTrajectories, times: setup.windowsPerTrajectory + length - 1, settings: settings,
            using: &generator)
        let allTruth = Tensor.concatenated(training.truth)
        let mean = allTruth.mean().item()
        let scale = (allTruth - mean).square().mean().item().squareRoot()
        let inputs = Tensor.concatenated(
            (length - 1..<training.truth.count).map {
                training.windowInputs(endingAt: $0, length: length, mean: mean, scale: scale)
            })
        let targets = Tensor.concatenated(
            (length - 1..<training.truth.count).map { ((training.truth[$0] - mean) / scale).cast(to: .float32) })
        let network = AssimilationNetwork(times: length, width: setup.width, depth: setup.depth, using: &generator)
        let windowCount = inputs.shape[0]
        var batchGenerator = generator.split()
        let trainingLoss = SequenceTraining.train(
            network, steps: setup.trainingSteps, learningRate: setup.learningRate, cosine: true, label: "DA network",
            reportEvery: max(1, setup.trainingSteps / 5)
        ) {
            let picks = Tensor.randomIntegers([setup.batchSize], high: windowCount, using: &batchGenerator)
            return (inputs.indexSelected(axis: 0, indices: picks), targets.indexSelected(axis: 0, indices: picks))
        }

        // Test: an EnKF cycled along fresh trajectories; its last `length` observation times feed the network.
        let test = Lorenz96Observations(
            cases: setup.testCases, times: setup.filterCycles + 1, settings: settings, using: &generator)
        let forecaster = RungeKutta4(step: settings.step, derivative: Lorenz.lorenz96(forcing: modelForcing))
        let filter = EnsembleKalmanFilter(
            observationStandardDeviation: settings.noise, inflation: 1.1,
            localization: EnsembleKalmanFilter.periodicGaspariCohn(size: settings.sites, radius: 4))
        var ensembles = (0..<setup.testCases).map { c in
            test.truth[0].selected(axis: 0, index: c).unsqueezed(axis: 0).expanded(to: [setup.members, settings.sites])
                + Tensor.normal([setup.members, settings.sites], dtype: .float64, using: &generator)
        }
        for time in 1...setup.filterCycles {
            let forecast = forecaster.advance(Tensor.concatenated(ensembles), steps: settings.stepsPerObservation)
            for c in 0..<setup.testCases {
                let mask = test.masks[time].selected(axis: 0, index: c).toDoubles()
                let values = test.values[time].selected(axis: 0, index: c).toDoubles()
                let observed = mask.indices.filter { mask[$0] > 0 }
                ensembles[c] = try filter.analysis(
                    of: forecast.narrowed(axis: 0, start: c * setup.members, length: setup.members),
                    observed: observed, observations: observed.map { values[$0] }, using: &generator)
            }
        }
        let last = setup.filterCycles
        let truth = test.truth[last]
        let filterAnalysis = Tensor.stacked(ensembles.map { $0.mean(axes: [0]) }, axis: 0)
        let networkAnalysis =
            withoutGradients {
                network(Variable(test.windowInputs(endingAt: last, length: length, mean: mean, scale: scale))).value
            }.cast(to: .float64) * scale + mean

        // Forecasts: the truth with F = 8, the three initializations with the forecaster.
        var truthState = truth
        var forecasts = Tensor.concatenated([truth, networkAnalysis, filterAnalysis])
        var rmse: [[Double]] = [[], [], []]
        for lead in 0...setup.leads {
            if lead > 0 {
                truthState = RungeKutta4(step: settings.step, derivative: Lorenz.lorenz96(forcing: settings.forcing))
                    .advance(truthState, steps: settings.stepsPerObservation)
                forecasts = forecaster.advance(forecasts, steps: settings.stepsPerObservation)
            }
            for k in 0..<3 {
                let error =
                    forecasts.narrowed(axis: 0, start: k * setup.testCases, length: setup.testCases) - truthState
                rmse[k].append(error.square().mean().item().squareRoot())
            }
        }
        return Outcome(
            truthRMSE: rmse[0], networkRMSE: rmse[1], filterRMSE: rmse[2],
            networkErrorSpectrum: varianceSpectrum(networkAnalysis - truth),
            filterErrorSpectrum: varianceSpectrum(filterAnalysis - truth),
            truthSpectrum: varianceSpectrum(truth - mean), trainingLoss: trainingLoss)
    }

    /// The variance of `fields: [cases, L]` per wavenumber k = 0…L/2, averaged over cases: w_k·|x̂_k|²/L², w_k = 2
    /// except at k = 0 and L/2, so the spectrum sums to the mean square.
    static func varianceSpectrum(_ fields: Tensor) -> [Double] {
        let sites = fields.shape[1]
        let power = FFT.rfft(fields, axis: 1).magnitudes().square().mean(axes: [0]).toDoubles()
        return power.enumerated().map { k, p in
            (k == 0 || 2 * k == sites ? 1 : 2) * p / Double(sites * sites)
        }
    }

    /// The fraction of a variance spectrum at wavenumbers > 10.
    static func smallScaleShare(_ spectrum: [Double]) -> Double {
        spectrum.dropFirst(11).reduce(0, +) / spectrum.reduce(0, +)
    }

    /// The least-squares slope of ln RMSE over leads in [0.2, 1] MTU (per MTU).
    static func growthRate(_ rmse: [Double], leads: [Double]) -> Double {
        let window = leads.indices.filter { leads[$0] >= 0.2 - 1e-9 && leads[$0] <= 1 + 1e-9 }
        return LineFit.linear(x: window.map { leads[$0] }, y: window.map { Foundation.log(rmse[$0]) }).slope.mean
    }

    /// The mean over leads t in [0.2, 1] MTU of τ(rmse(t)) − t, τ(e) the first lead at which `reference` reaches e
    /// (linear interpolation; the last lead when it never does).
    static func leadTimeLoss(_ rmse: [Double], reference: [Double], leads: [Double]) -> Double {
        let window = leads.indices.filter { leads[$0] >= 0.2 - 1e-9 && leads[$0] <= 1 + 1e-9 }
        let losses = window.map { i -> Double in
            let target = rmse[i]
            var reached = leads.last!
            for j in 1..<reference.count where reference[j] >= target {
                let fraction = (target - reference[j - 1]) / (reference[j] - reference[j - 1])
                reached =
                    reference[j - 1] >= target ? leads[j - 1] : leads[j - 1] + fraction * (leads[j] - leads[j - 1])
                break
            }
            return reached - leads[i]
        }
        return Statistics.mean(losses)
    }

    /// rmse.csv/svg (seed means), spectra.csv/svg, training.svg.
    static func writeFigures(
        _ outcomes: [Outcome], leads: [Double], seeds: [UInt64], into configuration: ExperimentConfiguration
    ) throws {
        func seedMean(_ series: (Outcome) -> [Double]) -> [Double] {
            let all = outcomes.map(series)
            return all[0].indices.map { i in Statistics.mean(all.map { $0[i] }) }
        }
        var table = CSVTable()
        table.add("lead_mtu", leads)
        table.add("truth_init", seedMean(\.truthRMSE))
        table.add("network_init", seedMean(\.networkRMSE))
        table.add("enkf_init", seedMean(\.filterRMSE))
        try table.write("rmse.csv", into: configuration.outputDirectory)
        var plot = LinePlot(
            title: "Lorenz-96 forecasts with F = \(modelForcing) (mean of \(outcomes.count) seeds)",
            xLabel: "lead (MTU)", yLabel: "RMSE against truth", yScale: .logarithmic)
        plot.addSeries("truth init", x: Array(leads.dropFirst()), y: Array(seedMean(\.truthRMSE).dropFirst()))
        plot.addSeries("DA network init", x: leads, y: seedMean(\.networkRMSE))
        plot.addSeries("EnKF init", x: leads, y: seedMean(\.filterRMSE))
        try plot.write(to: configuration.file("rmse.svg"))

        let wavenumbers = outcomes[0].truthSpectrum.indices.map(Double.init)
        var spectra = CSVTable()
        spectra.add("wavenumber", wavenumbers)
        spectra.add("truth_variance", seedMean(\.truthSpectrum))
        spectra.add("network_error", seedMean(\.networkErrorSpectrum))
        spectra.add("enkf_error", seedMean(\.filterErrorSpectrum))
        try spectra.write("spectra.csv", into: configuration.outputDirectory)
        var spectrumPlot = LinePlot(
            title: "Variance spectra at analysis time (mean of \(outcomes.count) seeds)", xLabel: "wavenumber",
            yLabel: "variance", yScale: .logarithmic)
        spectrumPlot.addSeries("truth anomaly", x: wavenumbers, y: seedMean(\.truthSpectrum))
        spectrumPlot.addSeries("DA network error", x: wavenumbers, y: seedMean(\.networkErrorSpectrum))
        spectrumPlot.addSeries("EnKF error", x: wavenumbers, y: seedMean(\.filterErrorSpectrum))
        try spectrumPlot.write(to: configuration.file("spectra.svg"))

        var training = LinePlot(
            title: "DA network training loss (standardized MSE)", xLabel: "Adam step", yLabel: "loss",
            yScale: .logarithmic)
        for (outcome, seed) in zip(outcomes, seeds) {
            let smoothed = SequenceTraining.smoothed(outcome.trainingLoss, width: 50)
            training.addSeries("seed \(seed)", x: smoothed.indices.map { Double($0 + 1) }, y: smoothed)
        }
        try training.write(to: configuration.file("training.svg"))
    }
}
