import Autograd
import Foundation
import Layers
import Tensor

/// A structured (Hankel/Toeplitz) network against a dense MLP and HAVOK for one-step forecasting of Lorenz-63 from
/// delays of x alone (row 10 of PLAN.md; Aluvihare, Lingsch, Li and Perera, 2025).
///
/// Per seed: a Lorenz-63 trajectory (RK4, dt = 0.01) from a random start, 20,000 training and 5,000 test steps;
/// windows of q = 64 values of x. The dense MLP 64→64→64→1 and the StNN (Hankel 64×64 → tanh → Toeplitz 64×64 → tanh
/// → 64→1) are trained with Adam on the normalized next increment; HAVOK is the rank-15 SVD of the Hankel matrix plus
/// a linear map in delay coordinates. Figures: one-step NRMSE (RMSE over the test windows / standard deviation of the
/// test x), 100-step rollout NRMSE, parameter counts, inference time. SINDy on the full state is a reference.
public struct StNNExperiment: Experiment {
    public init() {}
    public let name = "stnn"
    public let summary =
        "Structured (Hankel/Toeplitz) network vs dense MLP and HAVOK: Lorenz-63 one-step forecasts from x delays"
    public let paper =
        "Aluvihare, Lingsch, Li and Perera, A Low-complexity Structured Neural Network to Realize States of Dynamical "
        + "Systems (arXiv 2503.23697, 2025)"

    static let window = 64
    static let havokRank = 15
    static let horizon = 100

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let q = Self.window
        let seeds = configuration.seeds()
        let trainSteps = configuration.value(full: 20_000, quick: 5000, toy: 600)
        let testSteps = configuration.value(full: 5000, quick: 2000, toy: 300)
        let steps = configuration.value(full: 15_000, quick: 2000, toy: 40)
        let batchSize = configuration.value(full: 256, quick: 128, toy: 32)
        let rolloutStarts = configuration.value(full: 100, quick: 40, toy: 4)
        let start = Date()
        let data = LorenzDelayData.make(seeds: seeds, trainSteps: trainSteps, testSteps: testSteps)
        print(
            String(format: "Lorenz-63 trajectories for %d seeds (%.1f s)", seeds.count, Date().timeIntervalSince(start))
        )

        var nrmse: [String: [Double]] = [:]
        var rolloutNRMSE: [String: [Double]] = [:]
        var microseconds: [String: [Double]] = [:]
        var losses: [String: [Double]] = [:]
        var notes: [String] = []
        var parameterCounts: [String: Int] = [:]
        var example: (truth: [Double], forecasts: [String: [Double]])?
        var methodDifference = 0.0
        var sindyNRMSE: [Double] = []
        var sindySupportExact: [Double] = []
        for (index, seed) in seeds.enumerated() {
            let set = data[index]
            let (trainWindows, trainNext) = LorenzDelayData.pairs(set.trainSeries, window: q)
            let (testWindows, testNext) = LorenzDelayData.pairs(set.testSeries, window: q)
            let trainX = set.trainSeries.toDoubles()
            let mean = Statistics.mean(trainX)
            let scale = Statistics.standardDeviation(trainX)
            let trainIncrements = trainNext - trainWindows.selected(axis: 1, index: q - 1)
            let incrementScale = Statistics.standardDeviation(trainIncrements.toDoubles())
            let testScale = Statistics.standardDeviation(set.testSeries.toDoubles())
            let inputs = ((trainWindows - mean) / scale).cast(to: .float32)
            let targets = (trainIncrements / incrementScale).cast(to: .float32).unsqueezed(axis: 1)

            var forecasters: [(String, (Tensor) -> Tensor)] = []
            var generator = RandomGenerator(seed: seed)
            for label in ["dense", "StNN"] {
                let network =
                    label == "dense"
                    ? DelayNetworks.dense(window: q, using: &generator)
                    : DelayNetworks.structured(window: q, using: &generator)
                parameterCounts[label] = network.parameterCount
                var batches = generator.split()
                let history = SequenceTraining.train(
                    network, steps: steps, learningRate: 3e-3, cosine: true, label: "seed \(seed) \(label)",
                    reportEvery: max(steps / 4, 1)
                ) {
                    let rows = (0..<batchSize).map { _ in
                        Int64(batches.nextInteger(below: UInt64(inputs.shape[0])))
                    }
                    let picked = Tensor(rows, shape: [batchSize])
                    return (
                        inputs.indexSelected(axis: 0, indices: picked), targets.indexSelected(axis: 0, indices: picked)
                    )
                }
                if index == 0 { losses[label] = SequenceTraining.smoothed(history, width: max(steps / 50, 1)) }
                let forecaster = DelayForecaster(
                    network: network, mean: mean, scale: scale, incrementScale: incrementScale)
                forecasters.append((label, forecaster.predictNext))
                if label == "StNN" {
                    // The same weights applied by FFT convolution give the same forecasts.
                    let layers = network.layers
                    let viaFFT = Sequential(
                        layers.map { layer -> any UnaryLayer in
                            guard let structured = layer as? StructuredLinear else { return layer }
                            return StructuredLinear(
                                inputDimensions: structured.inputDimensions,
                                coefficients: structured.coefficients.value,
                                bias: structured.bias?.value, structure: structured.structure, method: .fft)
                        })
                    let fftForecaster = DelayForecaster(
                        network: viaFFT, mean: mean, scale: scale, incrementScale: incrementScale)
                    forecasters.append(("StNN (FFT)", fftForecaster.predictNext))
                }
            }
            let havok = try HAVOK(
                windows: trainWindows,
                nextWindows: DelayEmbedding.windows(set.trainSeries, length: q)
                    .narrowed(axis: 0, start: 1, length: trainWindows.shape[0]), rank: Self.havokRank)
            forecasters.append(("HAVOK", havok.predictNext))

            let startRows = (0..<rolloutStarts).map {
                Int64($0 * (testWindows.shape[0] - Self.horizon) / max(rolloutStarts, 1))
            }
            let startWindows = testWindows.indexSelected(axis: 0, indices: Tensor(startRows, shape: [rolloutStarts]))
            let futures = Tensor.stacked(
                startRows.map { set.testSeries.narrowed(axis: 0, start: Int($0) + q, length: Self.horizon) }, axis: 0)
            var oneStep: [String: Tensor] = [:]
            for (label, predict) in forecasters {
                let clock = Date()
                let prediction = predict(testWindows)
                microseconds[label, default: []].append(
                    1e6 * Date().timeIntervalSince(clock) / Double(testWindows.shape[0]))
                oneStep[label] = prediction
                nrmse[label, default: []].append(Self.rootMeanSquare(prediction - testNext) / testScale)
                let rollout = DelayRollout.rollout(startWindows, horizon: Self.horizon, predict)
                rolloutNRMSE[label, default: []].append(Self.rootMeanSquare(rollout - futures) / testScale)
                if index == 0 {
                    if example == nil { example = (futures.selected(axis: 0, index: 0).toDoubles(), [:]) }
                    example?.forecasts[label] = rollout.selected(axis: 0, index: 0).toDoubles()
                }
            }
            methodDifference = max(
                methodDifference, (oneStep["StNN"]! - oneStep["StNN (FFT)"]!).abs().max().item())
            let sindy = try Self.sindyReference(set)
            sindyNRMSE.append(sindy.nrmse)
            sindySupportExact.append(sindy.supportExact ? 1 : 0)
            print(
                "seed \(seed): one-step NRMSE "
                    + ["dense", "StNN", "HAVOK"].map { String(format: "%@ %.3e", $0, nrmse[$0]!.last!) }
                    .joined(separator: ", ") + String(format: "; SINDy (full state) %.3e", sindy.nrmse))
        }
        let denseCount = parameterCounts["dense"]!
        let structuredCount = parameterCounts["StNN"]!
        let labels = ["dense", "StNN", "StNN (FFT)", "HAVOK"]
        let havokParameters = q * Self.havokRank + Self.havokRank * Self.havokRank
        for label in labels {
            notes.append(
                String(
                    format: "%@: one-step NRMSE %@, %d-step rollout NRMSE %@, inference %.2f µs per window",
                    label, Estimate(values: nrmse[label]!).formatted(), Self.horizon,
                    Estimate(values: rolloutNRMSE[label]!).formatted(), Statistics.mean(microseconds[label]!)))
        }
        notes.append(
            "parameters: dense \(denseCount), StNN \(structuredCount), HAVOK \(havokParameters) (U_r and A)")
        notes.append(
            String(format: "StNN by gather and by FFT: largest one-step forecast difference %.2e", methodDifference))
        notes.append(
            String(
                format: "SINDy reference (degree-2 library on the full state, STLSQ λ = 0.1): one-step NRMSE of x %@, "
                    + "exact Lorenz support in %.0f of %d seeds",
                Estimate(values: sindyNRMSE).formatted(), sindySupportExact.reduce(0, +), seeds.count))

        let claims = [
            Claim(
                name: "StNN / dense parameters",
                statement: "the StNN has at most 25% of the dense MLP's parameters",
                measured: .exact(Double(structuredCount) / Double(denseCount)), condition: .atMost(0.25)),
            Claim(
                name: "StNN / dense one-step NRMSE",
                statement: "the StNN's one-step NRMSE is at most 1.5× the dense MLP's (per-seed ratio)",
                measured: Estimate(values: zip(nrmse["StNN"]!, nrmse["dense"]!).map { $0 / $1 }),
                condition: .atMost(1.5)),
            Claim(
                name: "StNN / HAVOK one-step NRMSE",
                statement: "the StNN forecasts one step better than HAVOK (rank 15; per-seed ratio < 1)",
                measured: Estimate(values: zip(nrmse["StNN"]!, nrmse["HAVOK"]!).map { $0 / $1 }),
                condition: .below(1)),
        ]

        var table = CSVTable()
        table.add("seed", seeds.map { Double($0) })
        for label in labels {
            table.add("nrmse_1step_\(Self.column(label))", nrmse[label]!)
            table.add("nrmse_\(Self.horizon)step_\(Self.column(label))", rolloutNRMSE[label]!)
            table.add("microseconds_\(Self.column(label))", microseconds[label]!)
        }
        table.add("nrmse_1step_sindy_full_state", sindyNRMSE)
        try table.write("nrmse.csv", into: configuration.outputDirectory)

        var rolloutPlot = LinePlot(
            title: "Lorenz-63 x: \(Self.horizon)-step rollouts from one test window (seed \(seeds[0]))",
            xLabel: "steps ahead (dt = 0.01)", yLabel: "x")
        if let example {
            let steps = (1...example.truth.count).map(Double.init)
            rolloutPlot.addSeries("truth", x: steps, y: example.truth)
            for label in ["dense", "StNN", "HAVOK"] {
                rolloutPlot.addSeries(label, x: steps, y: example.forecasts[label]!)
            }
        }
        try rolloutPlot.write(to: configuration.file("rollout.svg"))
        var lossPlot = LinePlot(
            title: "Training loss (normalized increment MSE, seed \(seeds[0]))", xLabel: "Adam step", yLabel: "loss",
            yScale: .logarithmic)
        for label in ["dense", "StNN"] {
            let curve = losses[label]!
            lossPlot.addSeries(label, x: (1...curve.count).map(Double.init), y: curve)
        }
        try lossPlot.write(to: configuration.file("training_loss.svg"))
        var errorPlot = LinePlot(
            title: "One-step NRMSE per seed", xLabel: "seed", yLabel: "NRMSE", yScale: .logarithmic)
        for label in ["dense", "StNN", "HAVOK"] {
            errorPlot.addScatter(label, x: seeds.map { Double($0) }, y: nrmse[label]!)
        }
        try errorPlot.write(to: configuration.file("nrmse.svg"))

        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "window": "\(q)", "dt": "0.01", "train_steps": "\(trainSteps)", "test_steps": "\(testSteps)",
                "adam_steps": "\(steps)", "batch": "\(batchSize)", "learning_rate": "3e-3 cosine",
                "havok_rank": "\(Self.havokRank)", "rollout_starts": "\(rolloutStarts)",
                "dense": "MLP 64-64-64-1 tanh", "stnn": "Hankel 64x64 - tanh - Toeplitz 64x64 - tanh - Linear 64-1",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: ["nrmse.csv", "rollout.svg", "training_loss.svg", "nrmse.svg"])
    }

    static func column(_ label: String) -> String {
        label.lowercased().replacingOccurrences(of: " (fft)", with: "_fft")
    }

    static func rootMeanSquare(_ t: Tensor) -> Double { (t.square().sum().item() / Double(t.count)).squareRoot() }

    /// SINDy on the full training state: derivatives by fourth-order central differences, the degree-2 polynomial
    /// library, STLSQ at λ = 0.1; the one-step NRMSE of x when the identified system is advanced by one RK4 step from
    /// each true test state, and whether the support is Lorenz's seven terms.
    static func sindyReference(_ data: LorenzDelayData) throws -> (nrmse: Double, supportExact: Bool) {
        let s = data.trainStates
        let t = s.shape[0]
        let h = LorenzDelayData.step
        func shifted(_ k: Int) -> Tensor { s.narrowed(axis: 0, start: 2 + k, length: t - 4) }
        let derivative = (shifted(-2) - shifted(2) + (shifted(1) - shifted(-1)) * 8) / (12 * h)
        let variables = ["x", "y", "z"]
        let library = CandidateLibrary.polynomial(shifted(0), degree: 2, variables: variables)
        let xi = try SequentiallyThresholdedLeastSquares(threshold: 0.1).fit(library.matrix, derivative)
        let lorenzTerms: Set<String> = ["0:x", "0:y", "1:x", "1:y", "1:x*z", "2:z", "2:x*y"]
        let values = xi.toDoubles()
        var support: Set<String> = []
        for (term, name) in library.names.enumerated() {
            for equation in 0..<3 where values[term * 3 + equation] != 0 { support.insert("\(equation):\(name)") }
        }
        let model = RungeKutta4(step: h) { states in
            CandidateLibrary.polynomial(states, degree: 2, variables: variables).matrix.matmul(xi)
        }
        let test = data.testStates
        let predicted = model.advance(test.narrowed(axis: 0, start: 0, length: test.shape[0] - 1))
        let error =
            predicted.selected(axis: 1, index: 0)
            - test.narrowed(axis: 0, start: 1, length: test.shape[0] - 1)
            .selected(axis: 1, index: 0)
        let scale = Statistics.standardDeviation(data.testSeries.toDoubles())
        return (rootMeanSquare(error) / scale, support == lorenzTerms)
    }
}
