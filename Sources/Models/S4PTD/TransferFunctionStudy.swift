import Foundation
import Layers
import Tensor

/// The transfer-function part of the S4-PTD reproduction: how well S4D's diagonal system and perturb-then-diagonalize
/// (PTD) approximate the HiPPO-LegS system (S4) on the imaginary axis (no training).
///
/// For each n: A = HiPPO-LegS, B_k = √(2k+1), C = Bᵀ/‖B‖. The reference G_S4(iω) = C(iωI − A)⁻¹B comes from the
/// Woodbury identity over the unitary diagonalization of the normal part A_N. S4D-LegS is (Λ(A_N), ½V*B, CV) (the
/// S4 code's `legsd`); PTD is (Λ̃, Ṽ⁻¹B, CṼ) from A + E, with a real Ginibre E of ‖E‖₂ = ε (the ε of the paper's
/// Theorem 3, whose bound (2 ln n + 4)ε holds for this unscaled A and unit B, C) or with the trained E of
/// `PerturbationTraining`.
///
/// The frequency grid: `frequencyCount` log-spaced ω in [1e-1, 1e5] and, merged into it, every eigenfrequency
/// |Im λ(A_N)| in that range. S4D's error is a resonance of half-width |Re λ| = ½ at each eigenfrequency of A_N, far
/// narrower than the log grid's spacing at ω ~ n², so a log grid alone misses its peaks (`logGridErrors` records
/// what it would report). PTD's errors are taken over that grid and the PTD system's own eigenfrequencies. Every PTD figure is the median over `draws` perturbations; the fits use every draw.
struct TransferFunctionStudy {
    let stateSizes: [Int]
    /// ε = ‖E‖₂ of the sweep at `sweepStateSize`.
    let perturbationSizes: [Double]
    /// ε = ‖E‖₂ of the per-n comparison with S4D.
    let comparisonSize: Double
    let sweepStateSize: Int
    let draws: Int
    let frequencyCount: Int

    /// PTD at one ε, one draw.
    struct Draw {
        var norm: Double
        var error: Double
        var conditionNumber: Double
        var largestRealPart: Double
    }

    struct Result {
        var frequencies: [Int: [Double]] = [:]
        var diagonalErrors: [Double] = []
        /// The same error on the log grid alone (what a grid without the eigenfrequencies reports).
        var logGridErrors: [Double] = []
        var spikeFrequencies: [Double] = []
        var perturbedErrors: [Double] = []
        var unperturbedConditionNumbers: [Double] = []
        /// Over `perturbationSizes` × `draws` at `sweepStateSize`.
        var sweep: [Draw] = []
    }

    /// `count` log-spaced ω in [1e-1, 1e5] merged with `including` (those in the range), ascending.
    static func frequencies(count: Int, including extra: [Double]) -> Tensor {
        let grid = (0..<count).map { Foundation.pow(10, -1 + 6 * Double($0) / Double(Swift.max(count - 1, 1))) }
        let merged = Set(grid + extra.filter { $0 >= 1e-1 && $0 <= 1e5 }).sorted()
        return Tensor(merged, shape: [merged.count], dtype: .float64)
    }

    /// The eigenfrequencies |Im λ| of the normal part of HiPPO-LegS of size n, ascending.
    static func eigenfrequencies(_ hippo: HiPPO) throws -> [Double] {
        Set(try hippo.diagonalizedNormalPart().eigenvalues.imaginary.toDoubles().map(Swift.abs)).sorted()
    }

    /// The relative sup-error of PTD with `perturbation` for `hippo` against `reference` (G_S4 on `frequencies`).
    static func perturbedError(
        _ hippo: HiPPO, _ perturbation: Perturbation, reference: ComplexTensor, frequencies: Tensor,
        using generator: inout RandomGenerator
    ) throws -> (draw: Draw, g: ComplexTensor) {
        let ptd = try PerturbedDiagonalization(hippo.stateMatrix, perturbation: perturbation, using: &generator)
        let (error, g) = try diagonalError(ptd.diagonalization, hippo, reference: reference, frequencies: frequencies)
        let draw = Draw(
            norm: ptd.norm, error: error, conditionNumber: ptd.conditionNumber,
            largestRealPart: ptd.diagonalization.eigenvalues.real.max().item())
        return (draw, g)
    }

    /// The relative sup-error of the diagonal system (Λ̃, Ṽ⁻¹B, CṼ) of `diagonalization` against G_S4, over
    /// `frequencies` and the system's own eigenfrequencies |Im λ̃| (where its resonances peak, as narrow as |Re λ̃|),
    /// and G on `frequencies`.
    static func diagonalError(
        _ diagonalization: Diagonalization, _ hippo: HiPPO, reference: ComplexTensor, frequencies: Tensor
    ) throws -> (error: Double, g: ComplexTensor) {
        let b = hippo.inputVector
        let c = b / b.norm().item()
        let system = try DiagonalSystem(diagonalization, input: b, output: c)
        let g = system.transferFunction(at: frequencies)
        let own = diagonalization.eigenvalues.imaginary.toDoubles().map(Swift.abs).filter { $0 >= 1e-1 && $0 <= 1e5 }
        guard !own.isEmpty else { return (TransferFunction.relativeSupremumError(g, reference: reference).error, g) }
        let poles = Tensor(own, shape: [own.count], dtype: .float64)
        let ownReference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: poles)
        let ownG = system.transferFunction(at: poles)
        func joined(_ x: ComplexTensor, _ y: ComplexTensor) -> ComplexTensor {
            ComplexTensor(
                real: Tensor.concatenated([x.real, y.real]), imaginary: Tensor.concatenated([x.imaginary, y.imaginary]))
        }
        let error = TransferFunction.relativeSupremumError(joined(g, ownG), reference: joined(reference, ownReference))
        return (error.error, g)
    }

    func run(seed: UInt64, outputDirectory: URL, log: (String) -> Void) throws -> Result {
        var generator = RandomGenerator(seed: seed)
        var result = Result()
        var plot = LinePlot(
            title: "|G(iω)| at n = \(sweepStateSize): HiPPO-LegS (S4), S4D-LegS, PTD (‖E‖₂ = \(comparisonSize))",
            xLabel: "ω", yLabel: "|G(iω)|", xScale: .logarithmic, yScale: .logarithmic)
        let logGrid = TransferFunctionStudy.frequencies(count: frequencyCount, including: [])
        for n in stateSizes {
            let hippo = HiPPO(.legendreScaled, stateSize: n)
            let b = hippo.inputVector
            let c = b / b.norm().item()
            let frequencies = TransferFunctionStudy.frequencies(
                count: frequencyCount, including: try TransferFunctionStudy.eigenfrequencies(hippo))
            let omega = frequencies.toDoubles()
            result.frequencies[n] = omega
            let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
            let normal = try DiagonalSystem(try hippo.diagonalizedNormalPart(), input: b, output: c, inputScale: 0.5)
            let diagonalG = normal.transferFunction(at: frequencies)
            let (diagonalError, peak) = TransferFunction.relativeSupremumError(diagonalG, reference: reference)
            let logGridError = TransferFunction.relativeSupremumError(
                normal.transferFunction(at: logGrid),
                reference: try TransferFunction.normalPlusLowRank(hippo, output: c, at: logGrid)
            ).error
            var draws: [Draw] = []
            var perturbedG: ComplexTensor?
            for _ in 0..<self.draws {
                let (draw, g) = try TransferFunctionStudy.perturbedError(
                    hippo, .randomOfNorm(comparisonSize), reference: reference, frequencies: frequencies,
                    using: &generator)
                draws.append(draw)
                perturbedG = perturbedG ?? g
            }
            let unperturbed = try Diagonalization(of: hippo.stateMatrix).conditionNumber()
            result.diagonalErrors.append(diagonalError)
            result.logGridErrors.append(logGridError)
            result.spikeFrequencies.append(omega[peak])
            result.perturbedErrors.append(Statistics.median(draws.map(\.error)))
            result.unperturbedConditionNumbers.append(unperturbed)
            log(
                String(
                    format: "n = %3d: S4D error %.4g at ω* = %.5g (log grid alone: %.4g); PTD(‖E‖₂ = %.0e) error %.3e; "
                        + "κ(eig A) = %.2e", n, diagonalError, omega[peak], logGridError, comparisonSize,
                    result.perturbedErrors.last!, unperturbed))
            var curves = CSVTable()
            curves.add("omega", omega)
            curves.add("s4_abs", reference.magnitudes().toDoubles())
            curves.add("s4d_abs", diagonalG.magnitudes().toDoubles())
            curves.add("ptd_abs", perturbedG!.magnitudes().toDoubles())
            try curves.write("transfer_functions_n\(n).csv", into: outputDirectory)
            if n == sweepStateSize {
                plot.addSeries("S4 (HiPPO-LegS)", x: omega, y: reference.magnitudes().toDoubles())
                plot.addSeries("S4D-LegS", x: omega, y: diagonalG.magnitudes().toDoubles())
                plot.addSeries("PTD", x: omega, y: perturbedG!.magnitudes().toDoubles())
            }
        }
        try plot.write(to: outputDirectory.appendingPathComponent("transfer_functions.svg"))

        let hippo = HiPPO(.legendreScaled, stateSize: sweepStateSize)
        let c = hippo.inputVector / hippo.inputVector.norm().item()
        let frequencies = TransferFunctionStudy.frequencies(
            count: frequencyCount, including: try TransferFunctionStudy.eigenfrequencies(hippo))
        let reference = try TransferFunction.normalPlusLowRank(hippo, output: c, at: frequencies)
        for epsilon in perturbationSizes {
            var draws: [Draw] = []
            for _ in 0..<self.draws {
                draws.append(
                    try TransferFunctionStudy.perturbedError(
                        hippo, .randomOfNorm(epsilon), reference: reference, frequencies: frequencies,
                        using: &generator
                    ).draw)
            }
            result.sweep += draws
            log(
                String(
                    format: "n = %d, ‖E‖₂ = %.0e: PTD error %.3e, κ(Ṽ) = %.3g, max Re λ = %.3g (medians of %d)",
                    sweepStateSize, epsilon, Statistics.median(draws.map(\.error)),
                    Statistics.median(draws.map(\.conditionNumber)),
                    Statistics.median(draws.map(\.largestRealPart)), self.draws))
        }

        var errorTable = CSVTable()
        errorTable.add("n", stateSizes.map(Double.init))
        errorTable.add("s4d_error", result.diagonalErrors)
        errorTable.add("s4d_error_log_grid_only", result.logGridErrors)
        errorTable.add("ptd_error", result.perturbedErrors)
        errorTable.add("spike_omega", result.spikeFrequencies)
        errorTable.add("kappa_unperturbed", result.unperturbedConditionNumbers)
        try errorTable.write("error_vs_state_size.csv", into: outputDirectory)
        var sweepTable = CSVTable()
        sweepTable.add("norm", result.sweep.map(\.norm))
        sweepTable.add("ptd_error", result.sweep.map(\.error))
        sweepTable.add("kappa", result.sweep.map(\.conditionNumber))
        sweepTable.add("max_real_eigenvalue", result.sweep.map(\.largestRealPart))
        try sweepTable.write("perturbation_sweep.csv", into: outputDirectory)

        let sizes = stateSizes.map(Double.init)
        var errorPlot = LinePlot(
            title: "Relative sup-error of G(iω) against HiPPO-LegS", xLabel: "state size n", yLabel: "error",
            xScale: .logarithmic, yScale: .logarithmic)
        errorPlot.addSeries("S4D-LegS (grid with eigenfrequencies)", x: sizes, y: result.diagonalErrors)
        errorPlot.addSeries("S4D-LegS (log grid alone)", x: sizes, y: result.logGridErrors)
        errorPlot.addSeries("PTD (‖E‖₂ = \(comparisonSize))", x: sizes, y: result.perturbedErrors)
        try errorPlot.write(to: outputDirectory.appendingPathComponent("error_vs_state_size.svg"))
        var spikePlot = LinePlot(
            title: "Frequency of S4D's largest error", xLabel: "state size n", yLabel: "ω*", xScale: .logarithmic,
            yScale: .logarithmic)
        spikePlot.addSeries("ω*", x: sizes, y: result.spikeFrequencies)
        spikePlot.addSeries("n²/π", x: sizes, y: sizes.map { $0 * $0 / Double.pi })
        try spikePlot.write(to: outputDirectory.appendingPathComponent("spike_frequency.svg"))
        var sweepPlot = LinePlot(
            title: "PTD at n = \(sweepStateSize) against ‖E‖₂ (every draw)", xLabel: "‖E‖₂", yLabel: "value",
            xScale: .logarithmic, yScale: .logarithmic)
        sweepPlot.addSeries("κ(Ṽ)", x: result.sweep.map(\.norm), y: result.sweep.map(\.conditionNumber))
        sweepPlot.addSeries("sup-error of G", x: result.sweep.map(\.norm), y: result.sweep.map(\.error))
        try sweepPlot.write(to: outputDirectory.appendingPathComponent("perturbation_sweep.svg"))
        return result
    }
}
