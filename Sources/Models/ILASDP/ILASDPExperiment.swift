import Foundation
import Layers
import Tensor

/// Likelihood-adjusted SDP clustering against K-means, the K-means SDP and EM on heteroscedastic Gaussian mixtures
/// (row 13 of PLAN.md; Zhuang, Chen and Yang, 2022).
///
/// For K = 2 and 3, each seed draws a `HeteroscedasticMixture` (n = 120, d = 10, separation Δ = 4) and clusters it
/// with k-means++ (10 restarts), Peng–Wei's K-means SDP (`ClusteringSDP.kMeans`, ADMM, spectral rounding), EM with
/// full covariances from one and from ten k-means starts, and iLA-SDP (`LikelihoodAdjustedSDP`: 3 outer iterations of
/// at most 300 ADMM iterations, started from the K-means SDP's labels); the Bayes rule with the true parameters is the
/// reference. The figure is the misclustering rate. The claims are on the seeds' median and 90th percentile, so they
/// are exact figures of the seed set.
public struct ILASDPExperiment: Experiment {
    public init() {}
    public let name = "ila-sdp"
    public let summary =
        "iLA-SDP vs K-means, SDP K-means and EM on heteroscedastic Gaussian mixtures (n = 120, d = 10, K = 2, 3)"
    public let paper =
        "Zhuang, Chen and Yang, Likelihood Adjusted Semidefinite Programs for Clustering Heterogeneous Data (2022)"

    /// ‖μ_k − μ₁‖: the Bayes rule then misclusters 1.4% (K = 2) and 1.9% (K = 3) of the points.
    static let separation = 4.0

    /// The methods compared, in the order of the output columns.
    enum Method: String, CaseIterable {
        case kMeans = "kmeans"
        case sdpKMeans = "sdp_kmeans"
        case emOneStart = "em_1"
        case emTenStarts = "em_10"
        case likelihoodAdjustedSDP = "ila_sdp"
        case oracle = "oracle"

        var label: String {
            switch self {
            case .kMeans: "k-means++ (10 restarts)"
            case .sdpKMeans: "SDP K-means"
            case .emOneStart: "EM (1 start)"
            case .emTenStarts: "EM (10 starts)"
            case .likelihoodAdjustedSDP: "iLA-SDP"
            case .oracle: "Bayes rule (true parameters)"
            }
        }
    }

    /// The misclustering rates of every method on one mixture, and the ADMM iterations of iLA-SDP's SDPs.
    struct SeedOutcome {
        var errors: [Method: Double] = [:]
        var admmIterations: [Int] = []
    }

    static func runSeed(
        clusters: Int, size: Int, dimension: Int, admmIterations: Int, seed: UInt64
    ) throws -> SeedOutcome {
        let mixture = try HeteroscedasticMixture(
            size: size, dimension: dimension, clusters: clusters, separation: separation, seed: seed)
        var generator = RandomGenerator(seed: seed &+ 1_000_003)
        let points = mixture.points
        var outcome = SeedOutcome()
        func record(_ method: Method, _ labels: [Int]) {
            outcome.errors[method] = misclusteringRate(labels, truth: mixture.labels, clusters: clusters)
        }
        record(.kMeans, KMeans.fit(points, clusters: clusters, restarts: 10, using: &generator).labels)
        let sdp = try ClusteringSDP.kMeans(points: points, clusters: clusters).solve(maxIterations: admmIterations)
        outcome.admmIterations.append(sdp.iterations)
        let sdpLabels = try sdp.spectralLabels(clusters: clusters, using: &generator)
        record(.sdpKMeans, sdpLabels)
        let emOne = try GaussianMixture.fit(points, clusters: clusters, restarts: 1, using: &generator)
        record(.emOneStart, try emOne.mixture.labels(points))
        let emTen = try GaussianMixture.fit(points, clusters: clusters, restarts: 10, using: &generator)
        record(.emTenStarts, try emTen.mixture.labels(points))
        let method = LikelihoodAdjustedSDP(outerIterations: 3, admmIterations: admmIterations)
        let run = try method.cluster(points: points, initialLabels: sdpLabels, clusters: clusters)
        outcome.admmIterations.append(run.solution.iterations)
        record(.likelihoodAdjustedSDP, run.labels.last!)
        record(.oracle, try mixture.oracleLabels())
        return outcome
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let size = configuration.value(full: 120, quick: 60, toy: 24)
        let dimension = configuration.value(full: 10, quick: 10, toy: 3)
        let admmIterations = configuration.value(full: 300, quick: 300, toy: 60)
        let seeds = configuration.seeds(full: 10, quick: 2, toy: 2)
        let start = Date()
        var claims: [Claim] = []
        var notes: [String] = []
        var files: [String] = []
        var panels = PlotPanels(columns: 2)
        for clusters in [2, 3] {
            var outcomes: [SeedOutcome] = []
            for seed in seeds {
                let outcome = try Self.runSeed(
                    clusters: clusters, size: size, dimension: dimension, admmIterations: admmIterations,
                    seed: seed &+ UInt64(1000 * clusters))
                outcomes.append(outcome)
                print(
                    "K = \(clusters), seed \(seed): "
                        + Method.allCases.map { String(format: "%@ %.3f", $0.rawValue, outcome.errors[$0]!) }
                        .joined(separator: ", ")
                        + String(format: " (%.1f s)", Date().timeIntervalSince(start)))
            }
            let errors = Dictionary(
                uniqueKeysWithValues: Method.allCases.map { m in (m, outcomes.map { $0.errors[m]! }) })
            let ila = errors[.likelihoodAdjustedSDP]!
            claims.append(
                Claim(
                    name: "K = \(clusters): median iLA-SDP / median SDP K-means",
                    statement: "iLA-SDP's median misclustering is at most half that of the K-means SDP",
                    measured: .exact(Statistics.median(ila) / Statistics.median(errors[.sdpKMeans]!)),
                    condition: .atMost(0.5)))
            claims.append(
                Claim(
                    name: "K = \(clusters): 90th percentile iLA-SDP − EM (1 start)",
                    statement: "iLA-SDP's 90th-percentile misclustering is at most that of EM from one start",
                    measured: .exact(Statistics.quantile(ila, 0.9) - Statistics.quantile(errors[.emOneStart]!, 0.9)),
                    condition: .atMost(0)))
            for method in Method.allCases {
                notes.append(
                    String(
                        format: "K = %d, %@: median %.4f, 90th percentile %.4f, mean %@", clusters, method.label,
                        Statistics.median(errors[method]!), Statistics.quantile(errors[method]!, 0.9),
                        Estimate(values: errors[method]!).formatted()))
            }
            let iterations = outcomes.flatMap(\.admmIterations)
            notes.append(
                "K = \(clusters): ADMM iterations per final SDP \(iterations.min()!)–\(iterations.max()!) "
                    + "(\(iterations.filter { $0 < admmIterations }.count) of \(iterations.count) met the tolerance)")
            var table = CSVTable()
            table.add("seed", seeds.map { Double($0) })
            for method in Method.allCases { table.add(method.rawValue, errors[method]!) }
            let file = "errors_k\(clusters).csv"
            try table.write(file, into: configuration.outputDirectory)
            files.append(file)
            var plot = LinePlot(
                title: "K = \(clusters), n = \(size), d = \(dimension): misclustering over \(seeds.count) seeds",
                xLabel: "quantile level", yLabel: "misclustering rate")
            for method in Method.allCases {
                let sorted = errors[method]!.sorted()
                plot.addSeries(
                    method.label, x: sorted.indices.map { (Double($0) + 0.5) / Double(sorted.count) }, y: sorted)
            }
            panels.add(plot)
        }
        try panels.write(to: configuration.file("errors.svg"))
        files.append("errors.svg")
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "n": "\(size)", "d": "\(dimension)", "separation": "\(Self.separation)",
                "admm_iterations": "\(admmIterations)", "ila_outer_iterations": "3",
            ],
            seeds: seeds, claims: claims, notes: notes, files: files)
    }
}
