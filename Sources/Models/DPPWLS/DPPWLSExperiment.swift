import Foundation
import Layers
import Tensor

/// Weighted least squares from i.i.d. optimal samples against projection-DPP (volume) samples (row 4 of PLAN.md;
/// Nouy and Michel, 2023).
///
/// Approximation of the Runge function f = 1/(1 + 25x²) on [−1, 1] (μ = dx/2) in the m = 20 orthonormal Legendre
/// polynomials. Each trial draws n points, fits by weighted least squares with the optimal weights w = m/K(x, x),
/// K(x, x) = Σφ_k(x)², and records the ratio ‖f − f̂‖²/e_m², e_m² the error of the L²(μ) projection (both by
/// 500-point Gauss–Legendre quadrature); a singular system is a ratio of +∞. Samplers: i.i.d. from the optimal density
/// K(x, x)/m (by rejection from the uniform, bound m²) at n = m, 2m and ⌈m log m⌉; the projection DPP of kernel K on
/// a midpoint grid of N candidates at n = m (volume sampling: there E ratio = m + 1 exactly on the grid); and 2 and 3
/// independent DPP samples pooled (n = 2m, 3m). A claim's values are the means of 20 batches of trials. The DPP at
/// n = m gets 5× PLAN's 1000 trials: its ratio is heavy-tailed (the mean of 21 comes from rare ratios in the
/// thousands), so its mean needs more trials for an interval narrower than PLAN's band.
public struct DPPWLSExperiment: Experiment {
    public init() {}
    public let name = "dpp-wls"
    public let summary =
        "DPP/volume sampling vs i.i.d. optimal sampling for weighted least squares (Legendre m = 20, Runge function)"
    public let paper =
        "Nouy and Michel, Weighted least-squares approximation with determinantal point processes and generalized "
        + "volume sampling (2023)"

    static let dimension = 20
    static let catastrophe = 1e3

    /// A sampler of the study: i.i.d. optimal points, or `repeats` pooled DPP samples.
    enum Sampler: Hashable {
        case independent(count: Int)
        case determinantal(repeats: Int)

        var label: String {
            switch self {
            case .independent(let count): "i.i.d. n = \(count)"
            case .determinantal(let repeats): repeats == 1 ? "DPP n = m" : "\(repeats)×DPP n = \(repeats)m"
            }
        }

        var column: String {
            switch self {
            case .independent(let count): "iid_\(count)"
            case .determinantal(let repeats): "dpp_x\(repeats)"
            }
        }
    }

    static func runge(_ x: Double) -> Double { 1 / (1 + 25 * x * x) }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let m = Self.dimension
        let trials = configuration.value(full: 1000, quick: 200, toy: 12)
        let interpolationTrials = 5 * trials
        let candidateCount = configuration.value(full: 10_000, quick: 2000, toy: 400)
        let basis = LegendreBasis(dimension: m)
        let quadrature = GaussLegendreQuadrature(count: 500)
        let quadratureBasis = quadrature.nodes.map { basis.values(at: $0) }
        let target = quadrature.nodes.map(Self.runge)
        // The L²(μ) projection and its error e_m².
        let best = (0..<m).map { k in
            (0..<quadrature.nodes.count).reduce(0.0) {
                $0 + quadrature.weights[$1] / 2 * target[$1] * quadratureBasis[$1][k]
            }
        }
        func squaredError(_ coefficients: [Double]) -> Double {
            (0..<quadrature.nodes.count).reduce(0.0) { total, q in
                let fitted = zip(coefficients, quadratureBasis[q]).reduce(0) { $0 + $1.0 * $1.1 }
                return total + quadrature.weights[q] / 2 * (target[q] - fitted) * (target[q] - fitted)
            }
        }
        let bestError = squaredError(best)
        let candidates = (0..<candidateCount).map { -1 + (2 * Double($0) + 1) / Double(candidateCount) }
        let dpp = ProjectionDPP(features: basis.matrix(at: candidates), candidateCount: candidateCount, rank: m)
        let logCount = Int((Double(m) * log(Double(m))).rounded(.up))
        let samplers: [Sampler] = [
            .independent(count: m), .independent(count: 2 * m), .independent(count: logCount),
            .determinantal(repeats: 1), .determinantal(repeats: 2), .determinantal(repeats: 3),
        ]
        var root = RandomGenerator(seed: configuration.baseSeed)
        var ratios: [Sampler: [Double]] = [:]
        var table = CSVTable()
        var interpolationTable = CSVTable()
        var notes = [
            String(format: "e_m² = %.4e (best L² error of the Runge function in %d Legendre polynomials)", bestError, m)
        ]
        for sampler in samplers {
            var generator = root.split()
            let start = Date()
            var values: [Double] = []
            let count = sampler == .determinantal(repeats: 1) ? interpolationTrials : trials
            for _ in 0..<count {
                let points: [Double]
                switch sampler {
                case .independent(let count):
                    points = (0..<count).map { _ in Self.optimalSample(basis, using: &generator) }
                case .determinantal(let repeats):
                    points = (0..<repeats).flatMap { _ in dpp.sample(using: &generator).map { candidates[$0] } }
                }
                let weights = points.map { Double(m) / basis.christoffel(at: $0) }
                if let fit = WeightedLeastSquares.fit(
                    design: basis.matrix(at: points), values: points.map(Self.runge), weights: weights, dimension: m)
                {
                    values.append(squaredError(fit.coefficients) / bestError)
                } else {
                    values.append(.infinity)
                }
            }
            ratios[sampler] = values
            if count == trials {
                table.add(sampler.column, values)
            } else {
                interpolationTable.add(sampler.column, values)
            }
            let finite = values.filter(\.isFinite).sorted()
            let quantile = { (level: Double) -> Double in
                finite.isEmpty ? .nan : finite[min(finite.count - 1, Int(level * Double(finite.count)))]
            }
            notes.append(
                String(
                    format:
                        "%@: mean ratio %@, median %.3g, 95th percentile %.3g, > 10³ in %.1f%%, singular %d of %d (%.1f s)",
                    sampler.label, Estimate(values: values).formatted(), quantile(0.5), quantile(0.95),
                    100 * Double(values.filter { $0 > Self.catastrophe }.count) / Double(count),
                    values.filter { !$0.isFinite }.count, count, Date().timeIntervalSince(start)))
            print(notes.last!)
        }
        let single = ratios[.determinantal(repeats: 1)]!
        let claims = [
            Claim(
                name: "DPP n = m singular fraction",
                statement: "projection DPP (volume) sampling at n = m never gives a singular system",
                measured: .exact(Double(single.filter { !$0.isFinite }.count) / Double(single.count)),
                condition: .atMost(0)),
            Claim(
                name: "DPP n = m mean ratio",
                statement:
                    "the mean error ratio of DPP sampling at n = m is about m + 1 = 21 (volume-sampling identity)",
                measured: Estimate(values: Self.batchMeans(single)), condition: .between(15, 28)),
            Claim(
                name: "i.i.d. n = m catastrophic fraction",
                statement: "i.i.d. optimal sampling at n = m has ≥ 10% of trials with ratio > 10³",
                measured: Estimate(
                    values: Self.batchMeans(ratios[.independent(count: m)]!.map { $0 > Self.catastrophe ? 1 : 0 })),
                condition: .atLeast(0.1)),
            Claim(
                name: "2×DPP − 1.5 × i.i.d. n = \(logCount)",
                statement: "repeated DPP at n = 2m has mean ratio ≤ 1.5× that of i.i.d. at n = ⌈m log m⌉ = \(logCount)",
                measured: Estimate(
                    values: Self.batchMeans(
                        zip(ratios[.determinantal(repeats: 2)]!, ratios[.independent(count: logCount)]!).map {
                            $0 - 1.5 * $1
                        })), condition: .atMost(0)),
        ]
        try table.write("ratios.csv", into: configuration.outputDirectory)
        try interpolationTable.write("dpp_ratios.csv", into: configuration.outputDirectory)
        var plot = LinePlot(
            title: "Runge function, Legendre m = \(m): error ratio ‖f − f̂‖²/e_m² (sorted trials)",
            xLabel: "quantile level", yLabel: "ratio", yScale: .logarithmic)
        for sampler in samplers {
            let sorted = ratios[sampler]!.filter(\.isFinite).sorted()
            let count = Double(ratios[sampler]!.count)
            plot.addSeries(sampler.label, x: sorted.indices.map { (Double($0) + 0.5) / count }, y: sorted)
        }
        try plot.write(to: configuration.file("ratios.svg"))
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "dimension": "\(m)", "trials": "\(trials)", "dpp_interpolation_trials": "\(interpolationTrials)",
                "candidates": "\(candidateCount)",
                "quadrature_nodes": "500", "function": "1/(1 + 25x^2)",
            ],
            seeds: [configuration.baseSeed], claims: claims, notes: notes,
            files: ["ratios.csv", "dpp_ratios.csv", "ratios.svg"])
    }

    /// The means of 20 consecutive equal batches of the trials (the last takes the remainder; fewer batches for fewer
    /// than 20 trials): the values of a claim, whose t-interval is the batch-means interval of the mean.
    static func batchMeans(_ values: [Double]) -> [Double] {
        let batches = min(20, values.count)
        let size = values.count / batches
        return (0..<batches).map { b in
            Statistics.mean(Array(values[(b * size)..<(b == batches - 1 ? values.count : (b + 1) * size)]))
        }
    }

    /// One draw from the optimal density K(x, x)/m on [−1, 1] (w.r.t. dx/2), by rejection from the uniform with the
    /// bound K ≤ m² (reached at ±1).
    static func optimalSample(_ basis: LegendreBasis, using generator: inout RandomGenerator) -> Double {
        let bound = Double(basis.dimension * basis.dimension)
        while true {
            let x = 2 * generator.nextDouble() - 1
            if generator.nextDouble() * bound < basis.christoffel(at: x) { return x }
        }
    }
}
