import Foundation
import Layers
import Tensor

/// S4-PTD (Yu, Nigmetov, Morozov, Mahoney, Erichson; ICLR 2024): perturb-then-diagonalize makes a diagonal SSM
/// converge strongly to the HiPPO system, where S4D's diagonalization of the normal part converges only weakly.
///
/// Part 1, transfer functions (`TransferFunctionStudy`, no training): for n = 16…256, the relative sup-error of
/// G(iω) against S4's, S4D's spike frequency, PTD's error against ε and κ(Ṽ) against ε.
/// Part 2, robustness (`RobustnessStudy`): S4D vs S4-PTD and S5 vs S5-PTD models trained on a sinusoid-amplitude
/// task, tested with a sinusoid added at the spike frequency (L = 1024, 600 steps; `--quick`: L = 256, 200 steps; the
/// default run also trains the S5 pair with the S5 paper's random B, as a supplementary check).
/// The thresholds are those of ../shared/papers/PLAN.md row 1 (the robustness one is its stretch goal), fixed
/// before any run.
///
/// The size of E. PLAN.md writes E = ε‖A_H‖₂·G/‖G‖; the figures use the ε of the paper's Theorem 3, ε = ‖E‖₂ for the
/// unscaled HiPPO-LegS A with ‖B‖ = ‖C‖ = 1 (bound (2 ln n + 4)ε + O(√log n·ε²)). Sources: the paper (arXiv
/// 2310.01698, §4.1, Theorem 3; its normalizations ‖ṼB̃‖ = ‖C̃Ṽ⁻¹‖ = 1 are quoted in the consolidated reviews the plan
/// cites), and the authors' code (github.com/AnnanYu/Approximate_Diagonal, S4-PTD/models/s4/s4_PTD.py and
/// s4_PTD_ablation.py), which penalizes the absolute Frobenius norm of E added to the unscaled HiPPO-LegS matrix.
/// The ratio ‖E‖/‖A_H‖ is the x-axis of the paper's accuracy ablation (sweet spot 1e-2…1, for trained models whose
/// unstable eigenvalues the code reflects, Re λ → −|Re λ|); it is not the ε of the transfer-function bound: at n = 64
/// ‖A_H‖₂ ≈ 2600, so ε‖A_H‖ for ε = 1e-1…3e-3 is 261…7.8, far past ½ (the distance of A_H's numerical range from the
/// imaginary axis, where the linear term of Theorem 3 lives), and A + E has eigenvalues in the right half plane. The
/// relative sweep is still printed, with its extension to ε = 1e-6 (linear below ~1e-4), as supplementary output.
///
/// What it found (seed 0). S4D's error is Θ(1) (52…823 times sup|G_S4|, narrow resonances at the eigenfrequencies of
/// A_N) and its spike frequency grows like n² (slope 2.00); PTD at ‖E‖₂ = 1e-2 has errors of 1e-3 or less (2e-5 of S4D's or
/// less at every n); eig(A_H) has κ > 1e19 for n ≥ 64. Over ‖E‖₂ = 1e-1…3e-3 PTD's error falls about linearly
/// (ratio 0.11 from 1e-1 to 1e-2) and κ(Ṽ) has log-log slope −1.10; sup|G_PTD − G_S4|/(‖B‖‖C‖) stays 5 orders below
/// Theorem 3's bound. (PLAN.md's relative sweep: ratio 0.86, slope −0.89, not in the linear regime.) Robustness: the
/// S4D model's test MSE grows 3.3× under the perturbation and S4-PTD's not at all. The S5 comparison fails: S5
/// (HiPPO's B with a random gain per channel, or the S5 paper's random B) is not hurt by the perturbation at this
/// scale (increase ≤ 0), although its initial transfer function has S4D's spike.
public struct S4PTDExperiment: Experiment {
    public init() {}
    public let name = "s4-ptd"
    public let summary =
        "S4-PTD: PTD's transfer function converges to HiPPO's, S4D's keeps O(1) spikes at ω ~ n²; κ(Ṽ) ~ 1/ε"

    public let paper =
        "Robustifying State-space Models for Long Sequences via Approximate Diagonalization (Yu et al., ICLR 2024)"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let quick = configuration.scale != .full
        let study = TransferFunctionStudy(
            stateSizes: [16, 32, 64, 128, 256], perturbationSizes: [1e-1, 3e-2, 1e-2, 3e-3], comparisonSize: 1e-2,
            sweepStateSize: 64, relativeSizes: [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 1e-4, 1e-5, 1e-6],
            relativeComparisonSize: 1e-2, draws: 5, frequencyCount: 2000)
        let transfer = try study.run(seed: configuration.baseSeed, outputDirectory: configuration.outputDirectory) {
            print($0)
        }
        let sweepIndex = study.stateSizes.firstIndex(of: study.sweepStateSize)!
        let robustness = try RobustnessStudy(
            length: quick ? 256 : 1024, steps: quick ? 200 : 600,
            spikeFrequency: transfer.spikeFrequencies[sweepIndex],
            s5SpikeFrequency: transfer.s5SpikeFrequencies[sweepIndex],
            includeRandomInputS5: !quick
        ).run(seed: configuration.baseSeed) { print($0) }

        var claims: [Claim] = []
        claims.append(
            Claim(
                name: "S4D sup-error, min over n",
                statement: "S4D's transfer function does not converge to HiPPO's (Θ(1) error)",
                measured: .exact(transfer.diagonalErrors.min()!), condition: .atLeast(0.2)))
        claims.append(
            Claim(
                name: "S4D error(256)/error(16)", statement: "S4D's error does not decrease with n",
                measured: .exact(transfer.diagonalErrors.last! / transfer.diagonalErrors.first!),
                condition: .above(0.5)))
        claims.append(
            Claim(
                name: "spike frequency slope vs n", statement: "S4D's spike frequency grows like n²",
                measured: LineFit.logLog(x: study.stateSizes.map(Double.init), y: transfer.spikeFrequencies).slope,
                condition: .between(1.6, 2.4)))
        claims.append(
            Claim(
                name: "PTD/S4D error, max over n",
                statement: "PTD (‖E‖₂ = 1e-2) approximates HiPPO far better than S4D at every n",
                measured: .exact(zip(transfer.perturbedErrors, transfer.diagonalErrors).map { $0 / $1 }.max()!),
                condition: .atMost(0.3)))
        claims.append(
            Claim(
                name: "PTD error(ε=1e-2)/error(ε=1e-1)",
                statement: "PTD's error shrinks about linearly in ε = ‖E‖₂ (Theorem 3; n = 64)",
                measured: .exact(transfer.sweep[2].error / transfer.sweep[0].error), condition: .atMost(0.3)))
        claims.append(
            Claim(
                name: "κ(Ṽ) slope vs ε", statement: "κ(Ṽ) ∝ 1/ε (n = 64)",
                measured: LineFit.logLog(x: transfer.sweep.map(\.norm), y: transfer.sweep.map(\.conditionNumber)).slope,
                condition: .between(-1.3, -0.7)))
        let unperturbed = zip(study.stateSizes, transfer.unperturbedConditionNumbers).filter { $0.0 >= 64 }.map(\.1)
            .min()!
        claims.append(
            Claim(
                name: "κ(eig A_H), min over n ≥ 64",
                statement: "diagonalizing HiPPO-LegS without a perturbation is ill-posed",
                measured: .exact(unperturbed), condition: .above(1e10)))
        let outcomes = Dictionary(uniqueKeysWithValues: robustness.map { ($0.label, $0) })
        for (baseline, perturbed) in [("S4D", "S4-PTD"), ("S5", "S5-PTD")] {
            // One seed: a comparison of trained models without an interval is INCONCLUSIVE by the protocol.
            let ratio = outcomes[perturbed]!.increase / outcomes[baseline]!.increase
            claims.append(
                Claim(
                    name: "\(perturbed)/\(baseline) MSE increase",
                    statement: "\(perturbed) is robust to noise at S4D's spike frequency, \(baseline) is not",
                    measured: Estimate(values: [ratio]), condition: .atMost(0.5)))
        }
        return ExperimentResult(
            experiment: name, paper: paper, seeds: [configuration.baseSeed], claims: claims,
            notes: notes(study: study, transfer: transfer, robustness: robustness))
    }

    /// The report's notes: the supplementary measurements (PLAN.md's relative ε, Theorem 3's bound, the optimized E,
    /// S5 with a random B) and the test MSEs.
    private func notes(
        study: TransferFunctionStudy, transfer: TransferFunctionStudy.Result, robustness: [RobustnessStudy.Outcome]
    ) -> [String] {
        func list(_ values: [Double], _ format: String = "%.3g") -> String {
            values.map { String(format: format, $0) }.joined(separator: ", ")
        }
        let planned = Array(transfer.relativeSweep.prefix(4))
        let bound = 2 * Foundation.log(Double(study.sweepStateSize)) + 4
        var notes = [
            "ε is ‖E‖₂, the ε of the paper's Theorem 3 (unscaled A_H; its bound (2 ln n + 4)ε is for ‖B‖ = ‖C‖ = 1); "
                + "PLAN.md's E = ε‖A_H‖₂·G/‖G‖ is measured as supplementary output below",
            "Theorem 3 check at n = \(study.sweepStateSize), ‖E‖₂ = \(list(study.perturbationSizes, "%.0e")): "
                + "sup|G_PTD − G_S4|/(‖B‖‖C‖) = \(list(transfer.sweep.map(\.normalizedDeviation), "%.2e")) against "
                + "(2 ln n + 4)ε = \(list(study.perturbationSizes.map { bound * $0 }, "%.2e"))",
            "largest Re λ(A + E) at n = \(study.sweepStateSize) over ‖E‖₂ = \(list(study.perturbationSizes, "%.0e")): "
                + list(transfer.sweep.map(\.largestRealPart)),
            String(
                format:
                    "supplementary (PLAN.md's ‖E‖ = ε‖A‖₂, n = %d, not used for a verdict): error(ε=1e-2)/error(ε=1e-1) "
                    + "= %.3f, κ(Ṽ) slope %.3f over ε = 1e-1…3e-3; PTD/S4D error at ε = %.0e, max over n = %.3g",
                study.sweepStateSize, planned[2].error / planned[0].error,
                LineFit.logLog(x: planned.map(\.relativeSize), y: planned.map(\.conditionNumber)).slope.mean,
                study.relativeComparisonSize,
                zip(transfer.relativePerturbedErrors, transfer.diagonalErrors).map { $0 / $1 }.max()!),
            "supplementary ε‖A‖ sweep, ε = \(list(study.relativeSizes, "%.0e")) (‖E‖₂ = "
                + "\(list(transfer.relativeSweep.map(\.norm)))): error \(list(transfer.relativeSweep.map(\.error))), "
                + "κ(Ṽ) \(list(transfer.relativeSweep.map(\.conditionNumber))), largest Re λ "
                + list(transfer.relativeSweep.map(\.largestRealPart)),
            transfer.optimizedNote,
        ]
        notes += robustness.map {
            String(format: "%@: test MSE %.5f clean, %.5f perturbed", $0.label, $0.cleanError, $0.perturbedError)
        }
        let outcomes = Dictionary(uniqueKeysWithValues: robustness.map { ($0.label, $0) })
        if let s5 = outcomes["S5 (random B)"], let s5PTD = outcomes["S5-PTD (random B)"] {
            notes.append(
                String(
                    format: "supplementary, S5 paper's random B: S5-PTD/S5 MSE increase %.3g (S5's increase %.3g)",
                    s5PTD.increase / s5.increase, s5.increase))
        }
        notes.append(
            "plots: transfer_functions.svg, error_vs_state_size.svg, spike_frequency.svg, perturbation_sweep.svg; "
                + "data: transfer_functions.csv, error_vs_state_size.csv, perturbation_sweep.csv, "
                + "perturbation_sweep_relative.csv")
        return notes
    }
}
