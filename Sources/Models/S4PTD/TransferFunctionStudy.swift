import Foundation
import Layers
import Tensor

/// The transfer-function part of the S4-PTD reproduction: how well S4D's diagonal system and perturb-then-diagonalize
/// (PTD) approximate the HiPPO-LegS system (S4) on the imaginary axis, for state sizes n = 16…256.
///
/// For each n: A = HiPPO-LegS, B_k = √(2k+1), C = Bᵀ/‖B‖. The reference G_S4(iω) = C(iωI − A)⁻¹B comes from the
/// Woodbury identity over the unitary diagonalization of the normal part. S4D-LegS is (Λ(A_N), ½V*B, CV) (the S4
/// code's `legsd`: the low-rank term −½BBᵀ of A acts like halving B). PTD is (Λ̃, Ṽ⁻¹B, CṼ) from A + E with a real
/// Ginibre E, ‖E‖₂ = ε‖A‖₂. Errors are relative sup-errors over `frequencyCount` log-spaced ω ∈ [1e-1, 1e5]; every
/// PTD figure is the median over `draws` independent perturbations.
struct TransferFunctionStudy {
    let stateSizes: [Int]
    let perturbationSizes: [Double]
    /// ε of the per-n comparison with S4D.
    let comparisonSize: Double
    /// n of the sweep over ε.
    let sweepStateSize: Int
    let draws: Int
    let frequencyCount: Int

    struct Result {
        var diagonalErrors: [Double] = []
        var spikeFrequencies: [Double] = []
        var perturbedErrors: [Double] = []
        var unperturbedConditionNumbers: [Double] = []
        /// Over `perturbationSizes` at `sweepStateSize`.
        var sweepErrors: [Double] = []
        var sweepConditionNumbers: [Double] = []
        var sweepRelativeSizes: [Double] = []
        /// The largest real part of the eigenvalues of A + E (median over draws): positive means unstable.
        var sweepLargestRealParts: [Double] = []
        var optimizedNote = ""
    }

    func run(seed: UInt64, outputDirectory: URL, log: (String) -> Void) throws -> Result {
        var generator = RandomGenerator(seed: seed)
        let frequencies = Tensor.linspace(-1, 5, count: frequencyCount, dtype: .float64).applying(
            .multiply, scalar: Foundation.log(10)
        ).exp()
        var result = Result()
        var curves = CurveTable()
        let omega = frequencies.toDoubles()
        curves.add("omega", omega)
        var plot = LinePlot(
            title: "|G(iω)| at n = \(sweepStateSize): HiPPO-LegS (S4), S4D-LegS, PTD (ε = \(comparisonSize))",
            xLabel: "ω", yLabel: "|G(iω)|", xScale: .logarithmic, yScale: .logarithmic)
        for n in stateSizes {
            let hippo = HiPPO(.legendreScaled, stateSize: n)
            let b = hippo.inputVector
            let c = b / b.norm().item()
            let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
            let diagonal = try DiagonalSystem(hippo.diagonalizedNormalPart(), input: b, output: c, inputScale: 0.5)
            let diagonalG = diagonal.transferFunction(at: frequencies)
            let (diagonalError, peak) = TransferFunction.relativeSupremumError(diagonalG, reference: reference)
            var errors: [Double] = []
            var perturbedG: ComplexTensor?
            for _ in 0..<draws {
                let ptd = try PerturbedDiagonalization(
                    hippo.stateMatrix, perturbation: .random(relativeSize: comparisonSize), using: &generator)
                let g = try DiagonalSystem(ptd.diagonalization, input: b, output: c).transferFunction(at: frequencies)
                errors.append(TransferFunction.relativeSupremumError(g, reference: reference).error)
                perturbedG = perturbedG ?? g
            }
            let unperturbed = try Diagonalization(of: hippo.stateMatrix).conditionNumber()
            result.diagonalErrors.append(diagonalError)
            result.spikeFrequencies.append(frequencies.toDoubles()[peak])
            result.perturbedErrors.append(median(errors))
            result.unperturbedConditionNumbers.append(unperturbed)
            log(
                String(
                    format: "n = %3d: S4D error %.3f (spike at ω = %.4g), PTD(ε = %.0e) error %.4f, κ(eig A) = %.2e",
                    n, diagonalError, frequencies.toDoubles()[peak], comparisonSize, median(errors), unperturbed))
            curves.add("s4_abs_n\(n)", reference.magnitudes().toDoubles())
            curves.add("s4d_abs_n\(n)", diagonalG.magnitudes().toDoubles())
            curves.add("ptd_abs_n\(n)", perturbedG!.magnitudes().toDoubles())
            if n == sweepStateSize {
                plot.addSeries("S4 (HiPPO-LegS)", x: omega, y: reference.magnitudes().toDoubles())
                plot.addSeries("S4D-LegS", x: omega, y: diagonalG.magnitudes().toDoubles())
                plot.addSeries("PTD", x: omega, y: perturbedG!.magnitudes().toDoubles())
            }
        }
        try curves.write("transfer_functions.csv", into: outputDirectory)
        try plot.write(to: outputDirectory.appendingPathComponent("transfer_functions.svg"))

        let hippo = HiPPO(.legendreScaled, stateSize: sweepStateSize)
        let b = hippo.inputVector
        let c = b / b.norm().item()
        let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
        for epsilon in perturbationSizes {
            var errors: [Double] = []
            var conditions: [Double] = []
            var sizes: [Double] = []
            var realParts: [Double] = []
            for _ in 0..<draws {
                let ptd = try PerturbedDiagonalization(
                    hippo.stateMatrix, perturbation: .random(relativeSize: epsilon), using: &generator)
                let g = try DiagonalSystem(ptd.diagonalization, input: b, output: c).transferFunction(at: frequencies)
                errors.append(TransferFunction.relativeSupremumError(g, reference: reference).error)
                conditions.append(ptd.conditionNumber)
                sizes.append(ptd.relativeSize)
                realParts.append(ptd.diagonalization.eigenvalues.real.max().item())
            }
            result.sweepLargestRealParts.append(median(realParts))
            result.sweepErrors.append(median(errors))
            result.sweepConditionNumbers.append(median(conditions))
            result.sweepRelativeSizes.append(median(sizes))
            log(
                String(
                    format: "n = %d, ε = %.0e: PTD error %.4f, κ(Ṽ) = %.3g", sweepStateSize, epsilon, median(errors),
                    median(conditions)))
        }

        // The optimized perturbation (descent on κ(Ṽ) + γ‖E‖/‖A‖ from a random start), for the record.
        let penalty = 1e4
        let start = comparisonSize
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
            format: "optimized E at n = %d (20 descent steps on κ(Ṽ) + %.0e·‖E‖/‖A‖ from a random ε = %.0e start): "
                + "κ(Ṽ) %.3g → %.3g, ‖E‖/‖A‖ %.3g → %.3g, transfer-function error %.4f",
            sweepStateSize, penalty, start, random.conditionNumber, optimized.conditionNumber, random.relativeSize,
            optimized.relativeSize, optimizedError)
        log(result.optimizedNote)

        var errorTable = CurveTable()
        errorTable.add("n", stateSizes.map(Double.init))
        errorTable.add("s4d_error", result.diagonalErrors)
        errorTable.add("ptd_error", result.perturbedErrors)
        errorTable.add("spike_omega", result.spikeFrequencies)
        errorTable.add("kappa_unperturbed", result.unperturbedConditionNumbers)
        try errorTable.write("error_vs_state_size.csv", into: outputDirectory)
        var sweepTable = CurveTable()
        sweepTable.add("epsilon", perturbationSizes)
        sweepTable.add("relative_size", result.sweepRelativeSizes)
        sweepTable.add("ptd_error", result.sweepErrors)
        sweepTable.add("kappa", result.sweepConditionNumbers)
        try sweepTable.write("perturbation_sweep.csv", into: outputDirectory)

        let sizes = stateSizes.map(Double.init)
        var errorPlot = LinePlot(
            title: "Relative sup-error of G(iω) against HiPPO-LegS", xLabel: "state size n", yLabel: "error",
            xScale: .logarithmic, yScale: .logarithmic)
        errorPlot.addSeries("S4D-LegS", x: sizes, y: result.diagonalErrors)
        errorPlot.addSeries("PTD (ε = \(comparisonSize))", x: sizes, y: result.perturbedErrors)
        try errorPlot.write(to: outputDirectory.appendingPathComponent("error_vs_state_size.svg"))
        var spikePlot = LinePlot(
            title: "Frequency of S4D's largest error", xLabel: "state size n", yLabel: "ω*", xScale: .logarithmic,
            yScale: .logarithmic)
        spikePlot.addSeries("ω*", x: sizes, y: result.spikeFrequencies)
        spikePlot.addSeries("n²/π", x: sizes, y: sizes.map { $0 * $0 / Double.pi })
        try spikePlot.write(to: outputDirectory.appendingPathComponent("spike_frequency.svg"))
        var sweepPlot = LinePlot(
            title: "PTD at n = \(sweepStateSize) against the perturbation size", xLabel: "‖E‖/‖A‖", yLabel: "value",
            xScale: .logarithmic, yScale: .logarithmic)
        sweepPlot.addSeries("κ(Ṽ)", x: result.sweepRelativeSizes, y: result.sweepConditionNumbers)
        sweepPlot.addSeries("sup-error of G", x: result.sweepRelativeSizes, y: result.sweepErrors)
        try sweepPlot.write(to: outputDirectory.appendingPathComponent("perturbation_sweep.svg"))
        return result
    }
}
