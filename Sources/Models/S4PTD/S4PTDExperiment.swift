import Foundation
import Layers
import Tensor

/// S4-PTD (Yu, Nigmetov, Morozov, Mahoney, Erichson; ICLR 2024): perturb-then-diagonalize makes a diagonal SSM
/// converge strongly to the HiPPO system, where S4D's diagonalization of the normal part converges only weakly, and
/// this makes the models robust to noise at S4D's spike frequency.
///
/// Part 1, transfer functions (`TransferFunctionStudy`, no training): S4D's error and spike frequency against n, PTD's
/// error at every n, PTD's error and κ(Ṽ) against ε = ‖E‖₂ (fitted log-log slopes), and PTD with the trained E
/// (`PerturbationTraining`: the authors' objective and start) at the robustness study's n.
/// Part 2, robustness (`RobustnessStudy`): S4D vs S4-PTD and S5 vs S5-PTD, the arms differing only in E, trained on
/// `FrequencyBandTask` and scored by accuracy under the authors' noise, over seeds.
/// The thresholds are PLAN.md row 1's (slopes where it gave ratios, as docs/experiments/s4-ptd.md explains), fixed
/// before the runs; the set-up, the departures from the authors' code and the findings are in that page.
public struct S4PTDExperiment: Experiment {
    public init() {}
    public let name = "s4-ptd"
    public let summary =
        "S4-PTD: PTD's transfer function converges to HiPPO's, S4D's keeps O(1) spikes at ω ~ n²; PTD models are robust"
    public let paper =
        "Robustifying State-space Models for Long Sequences via Approximate Diagonalization (Yu et al., ICLR 2024)"

    /// λ of the trained E (chosen so that ‖E‖/‖A‖ and κ(Ṽ) land where the authors' shipped matrix is).
    static let perturbationPenalty = 10.0

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let robustnessStateSize = configuration.value(full: 32, quick: 32, toy: 16)
        let study = TransferFunctionStudy(
            stateSizes: configuration.value(
                full: [16, 32, 64, 128, 256], quick: [16, 32, 64, 128], toy: [8, 16, 32, 64]),
            perturbationSizes: [1e-1, 3e-2, 1e-2, 3e-3, 1e-3], comparisonSize: 1e-2,
            sweepStateSize: configuration.value(full: 64, quick: 64, toy: 16),
            draws: configuration.value(full: 5, quick: 2, toy: 2),
            frequencyCount: configuration.value(full: 2000, quick: 1000, toy: 200))
        let transfer = try study.run(seed: configuration.baseSeed, outputDirectory: configuration.outputDirectory) {
            print($0)
        }

        // The trained E at the robustness study's n, and its transfer-function error.
        let hippo = HiPPO(.legendreScaled, stateSize: robustnessStateSize)
        var perturbationGenerator = RandomGenerator(seed: configuration.baseSeed &+ 7)
        let training = PerturbationTraining(
            penalty: S4PTDExperiment.perturbationPenalty, steps: configuration.value(full: 3000, quick: 800, toy: 60))
        let (trainedE, history, selectedStep) = try training.train(hippo.stateMatrix, using: &perturbationGenerator)
        let trained = try TrainedPerturbationFigures(
            hippo, perturbation: trainedE, frequencyCount: study.frequencyCount)
        let trainedNote =
            trained.summary + " (Adam on κ² + \(training.penalty)·‖E‖_F: the stable iterate of lowest objective, "
            + "step \(selectedStep) of \(training.steps))"
        print(trainedNote)
        var historyTable = CSVTable()
        historyTable.add("step", history.map { Double($0.step) })
        historyTable.add("kappa", history.map(\.conditionNumber))
        historyTable.add("frobenius_norm", history.map(\.norm))
        historyTable.add("max_real_eigenvalue", history.map(\.largestRealPart))
        historyTable.add("objective", history.map(\.objective))
        try historyTable.write("perturbation_training.csv", into: configuration.outputDirectory)
        var historyPlot = LinePlot(
            title: "Training E at n = \(robustnessStateSize): Adam on κ(Ṽ)² + \(training.penalty)·‖E‖_F",
            xLabel: "step", yLabel: "value", yScale: .logarithmic)
        let steps = history.map { Double($0.step) }
        historyPlot.addSeries("κ(Ṽ)", x: steps, y: history.map(\.conditionNumber))
        historyPlot.addSeries("‖E‖_F", x: steps, y: history.map(\.norm))
        try historyPlot.write(to: configuration.file("perturbation_training.svg"))

        let spikeIndex = study.stateSizes.firstIndex(of: robustnessStateSize)!
        let robustness = RobustnessStudy(
            stateSize: robustnessStateSize, channels: 8, depth: configuration.value(full: 2, quick: 1, toy: 1),
            length: configuration.value(full: 128, quick: 128, toy: 32),
            steps: configuration.value(full: 250, quick: 60, toy: 4),
            batchSize: configuration.value(full: 16, quick: 16, toy: 4),
            testCount: configuration.value(full: 256, quick: 128, toy: 8), classes: 4, learningRate: 1e-2,
            frequency: transfer.spikeFrequencies[spikeIndex], trainedPerturbation: trainedE, blocks: 2)
        let seeds = configuration.seeds()
        var outcomes: [RobustnessStudy.Outcome] = []
        for seed in seeds {
            let start = Date()
            let outcome = try robustness.run(seed: seed)
            print(
                String(
                    format: "seed %llu: accuracy clean/noisy S4D %.3f/%.3f, S4-PTD %.3f/%.3f, S5 %.3f/%.3f, "
                        + "S5-PTD %.3f/%.3f (%.1f s)", seed, outcome.s4d.clean, outcome.s4d.noisy, outcome.s4ptd.clean,
                    outcome.s4ptd.noisy, outcome.s5.clean, outcome.s5.noisy, outcome.s5ptd.clean, outcome.s5ptd.noisy,
                    Date().timeIntervalSince(start)))
            outcomes.append(outcome)
        }
        try writeRobustness(outcomes, seeds: seeds, into: configuration.outputDirectory)

        let sizes = study.stateSizes.map(Double.init)
        let epsilons = transfer.sweep.map(\.norm)
        var claims: [Claim] = []
        claims.append(
            Claim(
                name: "S4D sup-error, min over n",
                statement: "S4D's transfer function does not converge to HiPPO's (Θ(1))",
                measured: .exact(transfer.diagonalErrors.min()!), condition: .atLeast(0.2)))
        claims.append(
            Claim(
                name: "S4D error slope vs n",
                statement: "S4D's error does not decrease with n (PLAN: err(256)/err(16) > 0.5, i.e. slope > −0.25)",
                measured: LineFit.logLog(x: sizes, y: transfer.diagonalErrors).slope, condition: .above(-0.25)))
        claims.append(
            Claim(
                name: "spike frequency slope vs n", statement: "S4D's spike frequency grows like n² (Theorem 2)",
                measured: LineFit.logLog(x: sizes, y: transfer.spikeFrequencies).slope, condition: .between(1.6, 2.4)))
        claims.append(
            Claim(
                name: "PTD/S4D error, max over n",
                statement: "PTD (‖E‖₂ = 1e-2) approximates HiPPO far better than S4D at every n",
                measured: .exact(zip(transfer.perturbedErrors, transfer.diagonalErrors).map { $0 / $1 }.max()!),
                condition: .atMost(0.3)))
        claims.append(
            Claim(
                name: "PTD error slope vs ε",
                statement: "PTD's error shrinks about linearly in ε = ‖E‖₂ (Theorem 3: (2 ln n + 4)ε + O(ε²))",
                measured: LineFit.logLog(x: epsilons, y: transfer.sweep.map(\.error)).slope,
                condition: .between(0.7, 1.3)))
        claims.append(
            Claim(
                name: "κ(Ṽ) slope vs ε", statement: "κ(Ṽ) ∝ 1/ε",
                measured: LineFit.logLog(x: epsilons, y: transfer.sweep.map(\.conditionNumber)).slope,
                condition: .between(-1.3, -0.7)))
        let unperturbed = zip(study.stateSizes, transfer.unperturbedConditionNumbers).filter { $0.0 >= 64 }.map(\.1)
        claims.append(
            Claim(
                name: "κ(eig A_H), min over n ≥ 64",
                statement: "diagonalizing HiPPO-LegS without a perturbation is ill-posed",
                measured: .exact(unperturbed.min()!), condition: .above(1e10)))
        claims.append(
            Claim(
                name: "trained-E PTD/S4D error (n = \(robustnessStateSize))",
                statement: "PTD with the trained E (κ(Ṽ) ~ 10) approximates HiPPO far better than S4D",
                measured: .exact(trained.error / transfer.diagonalErrors[spikeIndex]), condition: .atMost(0.3)))
        claims.append(
            Claim(
                name: "S4D − 2·(S4-PTD) accuracy drop, in-layer noise",
                statement:
                    "S4-PTD is robust to noise at S4D's spike frequency, S4D is not (PLAN: PTD's loss ≤ ½ S4D's)",
                measured: Estimate(values: outcomes.map { $0.s4d.drop - 2 * $0.s4ptd.drop }), condition: .above(0)))
        claims.append(
            Claim(
                name: "S5 − 2·(S5-PTD) accuracy drop, input noise",
                statement: "S5-PTD is robust to the 3e5·cos(ω*t) input test, S5 is not (PLAN: PTD's loss ≤ ½ S5's)",
                measured: Estimate(values: outcomes.map { $0.s5.drop - 2 * $0.s5ptd.drop }), condition: .above(0)))

        func mean(_ values: [Double]) -> String { Estimate(values: values).formatted() }
        let notes = [
            trainedNote,
            "S4D error on the grid with the eigenfrequencies: "
                + transfer.diagonalErrors.map { String(format: "%.4g", $0) }.joined(separator: ", ")
                + "; on the log grid alone: "
                + transfer.logGridErrors.map { String(format: "%.4g", $0) }.joined(separator: ", ")
                + " (n = " + study.stateSizes.map(String.init).joined(separator: ", ") + ")",
            String(format: "robustness ω* = %.5g (S4D's spike at n = %d)", robustness.frequency, robustnessStateSize),
            "clean accuracy S4D \(mean(outcomes.map(\.s4d.clean))), S4-PTD \(mean(outcomes.map(\.s4ptd.clean))), "
                + "S5 \(mean(outcomes.map(\.s5.clean))), S5-PTD \(mean(outcomes.map(\.s5ptd.clean)))",
            "accuracy drop S4D \(mean(outcomes.map(\.s4d.drop))), S4-PTD \(mean(outcomes.map(\.s4ptd.drop))), "
                + "S5 \(mean(outcomes.map(\.s5.drop))), S5-PTD \(mean(outcomes.map(\.s5ptd.drop)))",
            "in-layer noise after the first layer's filter, RMS(K∗noise)/RMS(K∗z): S4D "
                + "\(mean(outcomes.map(\.s4d.noiseToSignal))), S4-PTD \(mean(outcomes.map(\.s4ptd.noiseToSignal)))",
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "state sizes": study.stateSizes.map(String.init).joined(separator: ","),
                "draws": String(study.draws), "log grid points": String(study.frequencyCount),
                "perturbation steps": String(training.steps), "penalty": String(training.penalty),
                "robustness": "n = \(robustness.stateSize), H = \(robustness.channels), depth \(robustness.depth), "
                    + "L = \(robustness.length), \(robustness.steps) steps of \(robustness.batchSize), "
                    + "\(robustness.testCount) test sequences, S5 blocks \(robustness.blocks)",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: [
                "transfer_functions.svg", "error_vs_state_size.svg", "spike_frequency.svg", "perturbation_sweep.svg",
                "error_vs_state_size.csv", "perturbation_sweep.csv", "perturbation_training.csv",
                "perturbation_training.svg", "robustness.csv",
                "robustness.svg",
            ] + study.stateSizes.map { "transfer_functions_n\($0).csv" })
    }

    private func writeRobustness(_ outcomes: [RobustnessStudy.Outcome], seeds: [UInt64], into folder: URL) throws {
        var table = CSVTable()
        table.add("seed", seeds.map { Double($0) })
        let arms: [(String, (RobustnessStudy.Outcome) -> RobustnessStudy.Accuracy)] = [
            ("s4d", \.s4d), ("s4ptd", \.s4ptd), ("s5", \.s5), ("s5ptd", \.s5ptd),
        ]
        var plot = LinePlot(
            title: "Test accuracy, clean (x = 0) and under the authors' noise (x = 1), per seed", xLabel: "noise",
            yLabel: "accuracy")
        for (name, arm) in arms {
            table.add("\(name)_clean", outcomes.map { arm($0).clean })
            table.add("\(name)_noisy", outcomes.map { arm($0).noisy })
            table.add("\(name)_noise_to_signal", outcomes.map { arm($0).noiseToSignal })
            for (seed, outcome) in zip(seeds, outcomes) {
                plot.addSeries("\(name) seed \(seed)", x: [0, 1], y: [arm(outcome).clean, arm(outcome).noisy])
            }
        }
        try table.write("robustness.csv", into: folder)
        try plot.write(to: folder.appendingPathComponent("robustness.svg"))
    }
}

/// PTD with a trained E at one n: its condition number, size, stability and transfer-function error.
struct TrainedPerturbationFigures {
    let conditionNumber: Double
    /// ‖E‖₂/‖A‖₂.
    let relativeSize: Double
    let largestRealPart: Double
    let error: Double
    let stateSize: Int

    init(_ hippo: HiPPO, perturbation: Tensor, frequencyCount: Int) throws {
        var unused = RandomGenerator(seed: 0)
        let ptd = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: .given(perturbation), using: &unused)
        let frequencies = TransferFunctionStudy.frequencies(
            count: frequencyCount, including: try TransferFunctionStudy.eigenfrequencies(hippo))
        let c = hippo.inputVector / hippo.inputVector.norm().item()
        let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
        let (error, _) = try TransferFunctionStudy.diagonalError(
            ptd.diagonalization, hippo, reference: reference, frequencies: frequencies)
        conditionNumber = ptd.conditionNumber
        relativeSize = ptd.relativeSize
        largestRealPart = ptd.diagonalization.eigenvalues.real.max().item()
        self.error = error
        stateSize = hippo.stateSize
    }

    var summary: String {
        String(
            format: "trained E at n = %d: κ(Ṽ) = %.3g, ‖E‖₂/‖A‖₂ = %.3g, max Re λ(A + E) = %.3g, transfer-function "
                + "error %.3e", stateSize, conditionNumber, relativeSize, largestRealPart, error)
    }
}
