import Foundation
import Layers
import Tensor

/// PMM2 against least squares for the AR coefficient of ARIMA(1, 1, 0) with skewed innovations (row 6 of PLAN.md).
///
/// For each innovation law (standardized Gaussian, χ²(3), Gamma(2), lognormal(σ = 0.5)) the study simulates
/// ARIMA(1, 1, 0) series with φ = 0.5 and N = 500 values (200 burn-in steps), and estimates φ by conditional least
/// squares on the differenced series (= OLS on its lag) and by PMM2 (EstemPMM's `arima_pmm2`: from the exact ML fit,
/// the residual moments, then the PMM2 equations). The figure is the relative efficiency RE = MSE(OLS)/MSE(PMM2) over
/// the replications, with a grouped-jackknife 95% interval (`RelativeEfficiency`), against the theory 1/g,
/// g = 1 − γ₃²/(2 + γ₄).
public struct PMM2ARIMAExperiment: Experiment {
    public init() {}
    public let name = "pmm2-arima"
    public let summary =
        "PMM2 vs OLS for ARIMA(1,1,0) with skewed innovations: relative efficiency ≈ 1/g = 1/(1 − γ₃²/(2 + γ₄))"
    public let paper =
        "Zabolotnii, Applying the Polynomial Maximization Method to Estimate ARIMA Models with Asymmetric "
        + "Non-Gaussian Innovations (2025)"

    static let phi = 0.5
    static let burnIn = 200

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let replications = configuration.value(full: 16000, quick: 1000, toy: 16)
        let length = configuration.value(full: 500, quick: 500, toy: 120)
        let groups = min(20, replications)
        let model = ARIMAModel(autoregressive: [Self.phi], differences: 1)
        var root = RandomGenerator(seed: configuration.baseSeed)
        var table = CSVTable()
        var claims: [Claim] = []
        var notes: [String] = []
        var efficiencies: [InnovationDistribution: RelativeEfficiency] = [:]
        var sortedErrors: [(String, [Double])] = []
        for distribution in InnovationDistribution.allCases {
            var generator = root.split()
            var ols: [Double] = []
            var pmm2: [Double] = []
            var skewness: [Double] = []
            var kurtosis: [Double] = []
            var unconverged = 0
            let start = Date()
            for _ in 0..<replications {
                let innovations = distribution.sample(Self.burnIn + length + 1, using: &generator)
                let y = model.simulate(count: length, burnIn: Self.burnIn, innovations: innovations)
                ols.append(ARIMAModel.fit(y, p: 1, d: 1, q: 0, by: .conditionalLeastSquares).model.autoregressive[0])
                let fit = ARIMAModel.fit(y, p: 1, d: 1, q: 0, by: .polynomialMaximization)
                if !fit.converged { unconverged += 1 }
                pmm2.append(fit.model.autoregressive[0])
                let moments = PolynomialMaximization.Moments(residuals: fit.residuals)
                skewness.append(moments.skewness)
                kurtosis.append(moments.excessKurtosis)
            }
            let errorsOLS = ols.map { $0 - Self.phi }
            let errorsPMM2 = pmm2.map { $0 - Self.phi }
            let efficiency = RelativeEfficiency(errorsA: errorsOLS, errorsB: errorsPMM2, groups: groups)
            efficiencies[distribution] = efficiency
            table.add("\(distribution.rawValue)_ols", ols)
            table.add("\(distribution.rawValue)_pmm2", pmm2)
            let meanSkewness = Statistics.mean(skewness)
            let meanKurtosis = Statistics.mean(kurtosis)
            let residualEfficiency =
                1 / PolynomialMaximization.varianceRatio(skewness: meanSkewness, excessKurtosis: meanKurtosis)
            notes.append(
                String(
                    format:
                        "%@: RE %.3f %@ (theory 1/g %.3f); bias OLS %+.4f, PMM2 %+.4f; MSE OLS %.3e, PMM2 %.3e; "
                        + "PMM2 residuals: mean γ₃ %.3f, γ₄ %.3f (1/g from them %.3f); %d of %d PMM2 solves "
                        + "not converged; %.1f s",
                    distribution.label, efficiency.value, Estimate(values: efficiency.pseudoValues).formatted(),
                    distribution.theoreticalEfficiency, Statistics.mean(errorsOLS), Statistics.mean(errorsPMM2),
                    Statistics.mean(errorsOLS.map { $0 * $0 }), Statistics.mean(errorsPMM2.map { $0 * $0 }),
                    meanSkewness, meanKurtosis, residualEfficiency, unconverged, replications,
                    Date().timeIntervalSince(start)))
            print(notes.last!)
            if distribution == .chiSquared3 || distribution == .gaussian {
                sortedErrors.append(("\(distribution.label) OLS", errorsOLS.map(abs).sorted()))
                sortedErrors.append(("\(distribution.label) PMM2", errorsPMM2.map(abs).sorted()))
            }
        }
        for distribution in [InnovationDistribution.chiSquared3, .gamma2] {
            let efficiency = efficiencies[distribution]!
            let theory = distribution.theoreticalEfficiency
            claims.append(
                Claim(
                    name: "RE \(distribution.label)",
                    statement: "PMM2 is at least 1.4 times as efficient as OLS for \(distribution.label) innovations",
                    measured: Estimate(values: efficiency.pseudoValues), condition: .atLeast(1.4)))
            claims.append(
                Claim(
                    name: "RE / (1/g) \(distribution.label)",
                    statement: String(
                        format: "the efficiency is within ±15%% of the theory 1/g = %.3f for %@", theory,
                        distribution.label),
                    measured: Estimate(values: efficiency.pseudoValues.map { $0 / theory }),
                    condition: .between(0.85, 1.15)))
        }
        claims.append(
            Claim(
                name: "RE Gaussian",
                statement: "PMM2 is about as efficient as OLS for Gaussian innovations",
                measured: Estimate(values: efficiencies[.gaussian]!.pseudoValues), condition: .between(0.9, 1.1)))

        let folder = configuration.outputDirectory
        try table.write("estimates.csv", into: folder)
        var plot = LinePlot(
            title: "ARIMA(1,1,0), N = \(length): |φ̂ − φ| quantiles over \(replications) replications",
            xLabel: "quantile level", yLabel: "|φ̂ − φ|")
        for (label, errors) in sortedErrors {
            plot.addSeries(label, x: errors.indices.map { (Double($0) + 0.5) / Double(errors.count) }, y: errors)
        }
        try plot.write(to: configuration.file("errors.svg"))
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "model": "ARIMA(1,1,0), phi = \(Self.phi), no mean", "length": "\(length)",
                "burn_in": "\(Self.burnIn)", "replications": "\(replications)", "jackknife_groups": "\(groups)",
            ],
            seeds: [configuration.baseSeed], claims: claims, notes: notes, files: ["estimates.csv", "errors.svg"])
    }
}
