import Foundation
import Layers
import Tensor

/// The transfer-function part of the S4-PTD reproduction: how well S4D's diagonal system and perturb-then-diagonalize
/// (PTD) approximate the HiPPO-LegS system (S4) on the imaginary axis, for state sizes n = 16…256.
///
/// For each n: A = HiPPO-LegS, B_k = √(2k+1), C = Bᵀ/‖B‖. The reference G_S4(iω) = C(iωI − A)⁻¹B comes from the
/// Woodbury identity over the unitary diagonalization of the normal part. S4D-LegS is (Λ(A_N), ½V*B, CV) (the S4
/// code's `legsd`: the low-rank term −½BBᵀ of A acts like halving B); S5 with HiPPO's B is (Λ(A_N), V*B, CV). PTD is
/// (Λ̃, Ṽ⁻¹B, CṼ) from A + E with a real Ginibre E.
///
/// The size of E. The figures use the ε of the paper's Theorem 3, ‖E‖₂ = ε for the unscaled A (its bound
/// (2 ln n + 4)ε on |G_PTD − G_S4| holds for ‖B‖ = ‖C‖ = 1). PLAN.md writes E = ε‖A_H‖₂·G/‖G‖, the relative size
/// of the paper's ablation (‖E‖/‖A_H‖ ∈ [1e-2, 1]); ‖A_H‖₂ ≈ 0.64n², so at n = 64 that sweep has ‖E‖₂ from 7.8 to
/// 261, far beyond ½ (the distance of A's numerical range from the imaginary axis, the scale of Theorem 3's linear
/// term), and A + E has eigenvalues in the right half plane. That sweep is measured too, with its extension to
/// smaller ε, as supplementary output (not used for a verdict).
///
/// Errors are relative sup-errors over `frequencyCount` log-spaced ω ∈ [1e-1, 1e5]; every PTD figure is the median
/// over `draws` independent perturbations.
struct TransferFunctionStudy {
    let stateSizes: [Int]
    /// ε = ‖E‖₂ of the sweep at `sweepStateSize`.
    let perturbationSizes: [Double]
    /// ε = ‖E‖₂ of the per-n comparison with S4D.
    let comparisonSize: Double
    /// n of the sweeps.
    let sweepStateSize: Int
    /// Supplementary: ε = ‖E‖₂/‖A‖₂ (PLAN.md's definition) of the relative sweep; the per-n comparison also runs at
    /// `relativeComparisonSize`.
    let relativeSizes: [Double]
    let relativeComparisonSize: Double
    let draws: Int
    let frequencyCount: Int

    /// PTD at one perturbation size: medians over the draws.
    struct SweepPoint {
        /// ‖E‖₂.
        var norm: Double
        /// ‖E‖₂/‖A‖₂.
        var relativeSize: Double
        /// Relative sup-error of G against S4's.
        var error: Double
        /// sup_ω |G_PTD − G_S4|/(‖B‖‖C‖), the quantity Theorem 3 bounds by (2 ln n + 4)‖E‖₂ + O(ε²).
        var normalizedDeviation: Double
        /// κ₂(Ṽ).
        var conditionNumber: Double
        /// The largest Re λ(A + E): positive means unstable.
        var largestRealPart: Double
    }

    struct Result {
        var diagonalErrors: [Double] = []
        var spikeFrequencies: [Double] = []
        /// S5 with HiPPO's B: (Λ(A_N), V*B, CV).
        var s5Errors: [Double] = []
        var s5SpikeFrequencies: [Double] = []
        var perturbedErrors: [Double] = []
        var relativePerturbedErrors: [Double] = []
        var unperturbedConditionNumbers: [Double] = []
        /// Over `perturbationSizes` (‖E‖₂) at `sweepStateSize`.
        var sweep: [SweepPoint] = []
        /// Over `relativeSizes` (‖E‖₂/‖A‖₂) at `sweepStateSize`: supplementary.
        var relativeSweep: [SweepPoint] = []
        var optimizedNote = ""
    }

    /// PTD of `hippo` with `perturbation`, `draws` times.
    private func measure(
        _ hippo: HiPPO, _ perturbation: Perturbation, reference: ComplexTensor, frequencies: Tensor,
        using generator: inout RandomGenerator
    ) throws -> (point: SweepPoint, example: ComplexTensor) {
        let b = hippo.inputVector
        let c = b / b.norm().item()
        let inputNorm = b.norm().item()
        var points: [SweepPoint] = []
        var example: ComplexTensor?
        for _ in 0..<draws {
            let ptd = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: perturbation, using: &generator)
            let g = try DiagonalSystem(ptd.diagonalization, input: b, output: c).transferFunction(at: frequencies)
            let deviation = ComplexTensor(real: g.real - reference.real, imaginary: g.imaginary - reference.imaginary)
                .magnitudes().max().item()
            points.append(
                SweepPoint(
                    norm: ptd.norm, relativeSize: ptd.relativeSize,
                    error: TransferFunction.relativeSupremumError(g, reference: reference).error,
                    normalizedDeviation: deviation / inputNorm, conditionNumber: ptd.conditionNumber,
                    largestRealPart: ptd.diagonalization.eigenvalues.real.max().item()))
            example = example ?? g
        }
        let point = SweepPoint(
            norm: Statistics.median(points.map(\.norm)), relativeSize: Statistics.median(points.map(\.relativeSize)),
            error: Statistics.median(points.map(\.error)), normalizedDeviation: Statistics.median(points.map(\.normalizedDeviation)),
            conditionNumber: Statistics.median(points.map(\.conditionNumber)),
            largestRealPart: Statistics.median(points.map(\.largestRealPart)))
        return (point, example!)
    }

    func run(seed: UInt64, outputDirectory: URL, log: (String) -> Void) throws -> Result {
        var generator = RandomGenerator(seed: seed)
        let frequencies = Tensor.linspace(-1, 5, count: frequencyCount, dtype: .float64).applying(
            .multiply, scalar: Foundation.log(10)
        ).exp()
        var result = Result()
        var curves = CSVTable()
        let omega = frequencies.toDoubles()
        curves.add("omega", omega)
        var plot = LinePlot(
            title: "|G(iω)| at n = \(sweepStateSize): HiPPO-LegS (S4), S4D-LegS, PTD (‖E‖₂ = \(comparisonSize))",
            xLabel: "ω", yLabel: "|G(iω)|", xScale: .logarithmic, yScale: .logarithmic)
        for n in stateSizes {
            let hippo = HiPPO(.legendreScaled, stateSize: n)
            let b = hippo.inputVector
            let c = b / b.norm().item()
            let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
            let normal = try hippo.diagonalizedNormalPart()
            let diagonalG = try DiagonalSystem(normal, input: b, output: c, inputScale: 0.5)
                .transferFunction(at: frequencies)
            let (diagonalError, peak) = TransferFunction.relativeSupremumError(diagonalG, reference: reference)
            let s5G = try DiagonalSystem(normal, input: b, output: c).transferFunction(at: frequencies)
            let (s5Error, s5Peak) = TransferFunction.relativeSupremumError(s5G, reference: reference)
            let (comparison, perturbedG) = try measure(
                hippo, .randomOfNorm(comparisonSize), reference: reference, frequencies: frequencies,
                using: &generator)
            let relative = try measure(
                hippo, .random(relativeSize: relativeComparisonSize), reference: reference, frequencies: frequencies,
                using: &generator
            ).point
            let unperturbed = try Diagonalization(of: hippo.stateMatrix).conditionNumber()
            result.diagonalErrors.append(diagonalError)
            result.spikeFrequencies.append(omega[peak])
            result.s5Errors.append(s5Error)
            result.s5SpikeFrequencies.append(omega[s5Peak])
            result.perturbedErrors.append(comparison.error)
            result.relativePerturbedErrors.append(relative.error)
            result.unperturbedConditionNumbers.append(unperturbed)
            log(
                String(
                    format: "n = %3d: S4D error %.3f (spike at ω = %.4g), S5 (HiPPO B) error %.3f (spike at ω = %.4g), "
                        + "PTD(‖E‖₂ = %.0e) error %.2e, κ(eig A) = %.2e; supplementary PTD(‖E‖ = %.0e‖A‖) error %.3f",
                    n, diagonalError, omega[peak], s5Error, omega[s5Peak], comparisonSize, comparison.error,
                    unperturbed, relativeComparisonSize, relative.error))
            curves.add("s4_abs_n\(n)", reference.magnitudes().toDoubles())
            curves.add("s4d_abs_n\(n)", diagonalG.magnitudes().toDoubles())
            curves.add("ptd_abs_n\(n)", perturbedG.magnitudes().toDoubles())
            if n == sweepStateSize {
                plot.addSeries("S4 (HiPPO-LegS)", x: omega, y: reference.magnitudes().toDoubles())
                plot.addSeries("S4D-LegS", x: omega, y: diagonalG.magnitudes().toDoubles())
                plot.addSeries("PTD", x: omega, y: perturbedG.magnitudes().toDoubles())
            }
        }
        try curves.write("transfer_functions.csv", into: outputDirectory)
        try plot.write(to: outputDirectory.appendingPathComponent("transfer_functions.svg"))

        let hippo = HiPPO(.legendreScaled, stateSize: sweepStateSize)
        let b = hippo.inputVector
        let c = b / b.norm().item()
        let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
        let bound = 2 * Foundation.log(Double(sweepStateSize)) + 4
        for epsilon in perturbationSizes {
            let point = try measure(
                hippo, .randomOfNorm(epsilon), reference: reference, frequencies: frequencies, using: &generator
            ).point
            result.sweep.append(point)
            log(
                String(
                    format: "n = %d, ‖E‖₂ = %.0e (‖E‖/‖A‖ = %.2e): PTD error %.3e, κ(Ṽ) = %.3g, max Re λ = %.3g; "
                        + "sup|ΔG|/(‖B‖‖C‖) = %.2e ≤ (2 ln n + 4)ε = %.2e",
                    sweepStateSize, epsilon, point.relativeSize, point.error, point.conditionNumber,
                    point.largestRealPart, point.normalizedDeviation, bound * epsilon))
        }
        for epsilon in relativeSizes {
            let point = try measure(
                hippo, .random(relativeSize: epsilon), reference: reference, frequencies: frequencies,
                using: &generator
            ).point
            result.relativeSweep.append(point)
            log(
                String(
                    format: "supplementary, n = %d, ‖E‖ = %.0e‖A‖ (‖E‖₂ = %.3g): PTD error %.3e, κ(Ṽ) = %.3g, "
                        + "max Re λ = %.3g",
                    sweepStateSize, epsilon, point.norm, point.error, point.conditionNumber, point.largestRealPart))
        }

        // The optimized perturbation (descent on κ(Ṽ) + γ‖E‖/‖A‖ from a random start of ‖E‖₂ = ε), for the record.
        let penalty = 1e4
        let start = comparisonSize / (try Linalg.singularValues(hippo.stateMatrix).toDoubles()[0])
        var optimizedGenerator = generator
        let random = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .random(relativeSize: start), using: &generator)
        let optimized = try PerturbedDiagonalization(
            hippo.stateMatrix, perturbation: .optimized(initialRelativeSize: start, penalty: penalty, steps: 20),
            using: &optimizedGenerator)
        let optimizedError = TransferFunction.relativeSupremumError(
            try DiagonalSystem(optimized.diagonalization, input: b, output: c).transferFunction(at: frequencies),
            reference: reference
        ).error
        result.optimizedNote = String(
            format: "optimized E at n = %d (20 descent steps on κ(Ṽ) + %.0e·‖E‖/‖A‖ from a random ‖E‖₂ = %.0e start): "
                + "κ(Ṽ) %.3g → %.3g, ‖E‖₂ %.3g → %.3g, transfer-function error %.3e",
            sweepStateSize, penalty, comparisonSize, random.conditionNumber, optimized.conditionNumber, random.norm,
            optimized.norm, optimizedError)
        log(result.optimizedNote)

        var errorTable = CSVTable()
        errorTable.add("n", stateSizes.map(Double.init))
        errorTable.add("s4d_error", result.diagonalErrors)
        errorTable.add("s5_hippo_b_error", result.s5Errors)
        errorTable.add("ptd_error", result.perturbedErrors)
        errorTable.add("ptd_relative_error", result.relativePerturbedErrors)
        errorTable.add("spike_omega", result.spikeFrequencies)
        errorTable.add("s5_spike_omega", result.s5SpikeFrequencies)
        errorTable.add("kappa_unperturbed", result.unperturbedConditionNumbers)
        try errorTable.write("error_vs_state_size.csv", into: outputDirectory)
        for (name, points) in [
            ("perturbation_sweep.csv", result.sweep), ("perturbation_sweep_relative.csv", result.relativeSweep),
        ] {
            var table = CSVTable()
            table.add("norm", points.map(\.norm))
            table.add("relative_size", points.map(\.relativeSize))
            table.add("ptd_error", points.map(\.error))
            table.add("normalized_deviation", points.map(\.normalizedDeviation))
            table.add("kappa", points.map(\.conditionNumber))
            table.add("max_real_eigenvalue", points.map(\.largestRealPart))
            try table.write(name, into: outputDirectory)
        }

        let sizes = stateSizes.map(Double.init)
        var errorPlot = LinePlot(
            title: "Relative sup-error of G(iω) against HiPPO-LegS", xLabel: "state size n", yLabel: "error",
            xScale: .logarithmic, yScale: .logarithmic)
        errorPlot.addSeries("S4D-LegS", x: sizes, y: result.diagonalErrors)
        errorPlot.addSeries("PTD (‖E‖₂ = \(comparisonSize))", x: sizes, y: result.perturbedErrors)
        errorPlot.addSeries("PTD (‖E‖ = \(relativeComparisonSize)‖A‖)", x: sizes, y: result.relativePerturbedErrors)
        try errorPlot.write(to: outputDirectory.appendingPathComponent("error_vs_state_size.svg"))
        var spikePlot = LinePlot(
            title: "Frequency of S4D's largest error", xLabel: "state size n", yLabel: "ω*", xScale: .logarithmic,
            yScale: .logarithmic)
        spikePlot.addSeries("ω*", x: sizes, y: result.spikeFrequencies)
        spikePlot.addSeries("n²/π", x: sizes, y: sizes.map { $0 * $0 / Double.pi })
        try spikePlot.write(to: outputDirectory.appendingPathComponent("spike_frequency.svg"))
        var sweepPlot = LinePlot(
            title: "PTD at n = \(sweepStateSize) against ‖E‖₂: Theorem 3's sweep and the plan's ‖E‖ = ε‖A‖ sweep",
            xLabel: "‖E‖₂", yLabel: "value", xScale: .logarithmic, yScale: .logarithmic)
        sweepPlot.addSeries("κ(Ṽ)", x: result.sweep.map(\.norm), y: result.sweep.map(\.conditionNumber))
        sweepPlot.addSeries("sup-error of G", x: result.sweep.map(\.norm), y: result.sweep.map(\.error))
        sweepPlot.addSeries(
            "κ(Ṽ), ‖E‖ = ε‖A‖", x: result.relativeSweep.map(\.norm), y: result.relativeSweep.map(\.conditionNumber))
        sweepPlot.addSeries(
            "sup-error, ‖E‖ = ε‖A‖", x: result.relativeSweep.map(\.norm), y: result.relativeSweep.map(\.error))
        try sweepPlot.write(to: outputDirectory.appendingPathComponent("perturbation_sweep.svg"))
        return result
    }
}
