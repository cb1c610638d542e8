import Foundation
import Layers
import Tensor

/// Physics-informed clustering for local reduced-order bases (row 17 of PLAN.md; Daniel, Casenave, Akkari, Ketata and
/// Ryckelynck, 2021).
///
/// Per seed, 600 training and 200 test `PulseSnapshots` (N_x = 256) are clustered into K = 4 groups by k-medoids
/// (`KMedoids`, PAM) under three dissimilarities: the angle-based 1 − cos²∠(u, v) on the snapshots, the Euclidean
/// distance on the snapshots, and the Euclidean distance on the parameters mapped onto [0, 1]³. Each cluster gets a
/// rank-5 POD basis of its training snapshots; each test snapshot goes to its nearest medoid under the same
/// dissimilarity and is measured by its relative projection error ‖u − VVᵀu‖/‖u‖ on that cluster's basis.
/// The a-priori criterion of a number of clusters K is the k-medoids cost of the angle-based clustering of the
/// training snapshots, the mean of 1 − cos²∠(u, medoid) — the squared relative error of projecting each snapshot on
/// its medoid alone, computed before any POD basis or test snapshot — and it is ranked against the realized mean test
/// error for K = 2, …, 8.
public struct ROMNetExperiment: Experiment {
    public init() {}
    public let name = "rom-net"
    public let summary =
        "Angle-based k-medoids + local POD vs Euclidean and parameter clustering; a-priori criterion for K (pulses)"
    public let paper =
        "Daniel, Casenave, Akkari, Ketata and Ryckelynck, Physics-informed cluster analysis and a priori efficiency "
        + "criterion for the construction of local reduced-order bases (2021)"

    static let podRank = 5

    /// How the snapshots are clustered.
    enum Strategy: String, CaseIterable {
        case angle, euclidean, parameters

        var label: String {
            switch self {
            case .angle: "angle-based (1 − cos²)"
            case .euclidean: "Euclidean on snapshots"
            case .parameters: "Euclidean on parameters"
            }
        }
    }

    /// The mean relative test projection error of local POD bases on a K-medoids clustering, and the k-medoids cost
    /// per training snapshot.
    static func localBases(
        strategy: Strategy, clusters: Int, training: PulseSnapshots, test: PulseSnapshots
    ) throws -> (testError: Double, meanCost: Double) {
        let (trainFeatures, testFeatures, dissimilarity): (Tensor, Tensor, Dissimilarity) =
            switch strategy {
            case .angle: (training.snapshots, test.snapshots, .sineSquared)
            case .euclidean: (training.snapshots, test.snapshots, .euclidean)
            case .parameters: (training.normalizedParameters, test.normalizedParameters, .euclidean)
            }
        let medoids = KMedoids.fit(
            dissimilarities: dissimilarity.pairwise(trainFeatures, trainFeatures), clusters: clusters)
        let medoidFeatures = trainFeatures.indexSelected(axis: 0, indices: indices(medoids.medoids))
        let testLabels = dissimilarity.pairwise(testFeatures, medoidFeatures).argmin(axis: 1).toDoubles().map {
            Int($0)
        }
        var errors: [Double] = []
        for k in 0..<clusters {
            let members = medoids.labels.indices.filter { medoids.labels[$0] == k }
            let tests = testLabels.indices.filter { testLabels[$0] == k }
            guard !tests.isEmpty else { continue }
            let pod = try ProperOrthogonalDecomposition(
                snapshots: training.snapshots.indexSelected(axis: 0, indices: indices(members)), rank: podRank)
            errors += pod.relativeProjectionErrors(test.snapshots.indexSelected(axis: 0, indices: indices(tests)))
        }
        return (Statistics.mean(errors), medoids.cost / Double(training.snapshots.shape[0]))
    }

    static func indices(_ values: [Int]) -> Tensor {
        Tensor(values.map(Double.init), shape: [values.count], dtype: .int64)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let trainingCount = configuration.value(full: 600, quick: 200, toy: 60)
        let testCount = configuration.value(full: 200, quick: 100, toy: 30)
        let gridSize = configuration.value(full: 256, quick: 256, toy: 64)
        let clusterCounts = Array(2...8)
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let start = Date()
        var errors: [Strategy: [Double]] = [:]
        var criteria: [[Double]] = []
        var realized: [[Double]] = []
        for seed in seeds {
            var generator = RandomGenerator(seed: seed)
            let training = PulseSnapshots(count: trainingCount, gridSize: gridSize, using: &generator)
            let test = PulseSnapshots(count: testCount, gridSize: gridSize, using: &generator)
            for strategy in Strategy.allCases {
                let outcome = try Self.localBases(strategy: strategy, clusters: 4, training: training, test: test)
                errors[strategy, default: []].append(outcome.testError)
            }
            var criterion: [Double] = []
            var error: [Double] = []
            for clusters in clusterCounts {
                let outcome = try Self.localBases(strategy: .angle, clusters: clusters, training: training, test: test)
                criterion.append(outcome.meanCost)
                error.append(outcome.testError)
            }
            criteria.append(criterion)
            realized.append(error)
            print(
                "seed \(seed): K = 4 test errors "
                    + Strategy.allCases.map { String(format: "%@ %.4f", $0.rawValue, errors[$0]!.last!) }
                    .joined(separator: ", ")
                    + String(
                        format: "; Spearman %.3f (%.1f s)", Statistics.spearman(criterion, error),
                        Date().timeIntervalSince(start)))
        }
        let angle = errors[.angle]!
        let claims = [
            Claim(
                name: "angle / Euclidean-snapshot test error (K = 4)",
                statement: "angle-based clustering gives a ≥ 20% lower mean projection error than Euclidean clustering",
                measured: Estimate(values: zip(angle, errors[.euclidean]!).map { $0 / $1 }), condition: .atMost(0.8)),
            Claim(
                name: "angle / parameter-space test error (K = 4)",
                statement: "angle-based clustering gives a ≥ 20% lower mean projection error than parameter clustering",
                measured: Estimate(values: zip(angle, errors[.parameters]!).map { $0 / $1 }), condition: .atMost(0.8)),
            Claim(
                name: "Spearman(a-priori criterion, test error), K = 2…8",
                statement:
                    "the a-priori criterion ranks the numbers of clusters like the realized error (Spearman ≥ 0.8)",
                measured: Estimate(values: zip(criteria, realized).map { Statistics.spearman($0, $1) }),
                condition: .atLeast(0.8)),
        ]
        var notes = Strategy.allCases.map {
            "K = 4, \($0.label): mean relative test projection error \(Estimate(values: errors[$0]!).formatted())"
        }
        notes.append(
            "K = 2…8 (seed \(seeds[0])): criterion "
                + criteria[0].map { String(format: "%.4f", $0) }.joined(separator: ", ") + "; test error "
                + realized[0].map { String(format: "%.4f", $0) }.joined(separator: ", "))
        var table = CSVTable()
        table.add("seed", seeds.map { Double($0) })
        for strategy in Strategy.allCases { table.add("error_\(strategy.rawValue)", errors[strategy]!) }
        try table.write("errors_k4.csv", into: configuration.outputDirectory)
        var sweep = CSVTable()
        sweep.add("clusters", clusterCounts.map(Double.init))
        for (seed, (criterion, error)) in zip(seeds, zip(criteria, realized)) {
            sweep.add("criterion_seed\(seed)", criterion)
            sweep.add("error_seed\(seed)", error)
        }
        try sweep.write("criterion.csv", into: configuration.outputDirectory)
        var plot = LinePlot(
            title: "Angle-based k-medoids + rank-\(Self.podRank) local POD (seed \(seeds[0]))",
            xLabel: "clusters K", yLabel: "value", yScale: .logarithmic)
        plot.addSeries("a-priori criterion: mean 1 − cos² to medoid", x: clusterCounts.map(Double.init), y: criteria[0])
        plot.addSeries("realized mean test projection error", x: clusterCounts.map(Double.init), y: realized[0])
        try plot.write(to: configuration.file("criterion.svg"))
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "training": "\(trainingCount)", "test": "\(testCount)", "grid": "\(gridSize)",
                "pod_rank": "\(Self.podRank)",
                "clusters": "4", "criterion_clusters": "2-8",
            ],
            seeds: seeds, claims: claims, notes: notes, files: ["errors_k4.csv", "criterion.csv", "criterion.svg"])
    }
}
