import Autograd
import Foundation
import Layers
import Tensor

/// Walk-on-spheres weak supervision against physics-informed training of a neural operator (row 32 of PLAN.md;
/// WoS-NO, the neuraloperator group, 2025).
///
/// The family is `PoissonInstance`'s (Δu = f on [0, 1]², harmonic Dirichlet data, four random sine modes in f); the
/// operator is a DeepONet (branch on f at 16 × 16 sensors, trunk on (x, y), p = 64, tanh). Both trainings see the
/// same initialization, 16 fresh instances × 64 fresh points per step, Adam and step count: (a) regress on WoS
/// labels, each the mean of 8 walks with ε = 10⁻³; (b) minimize mean (Δu − f)² (forward Laplacian of the trunk) plus
/// mean (u − g)² on 64 boundary points. The figure is the mean relative L2 error on 50 test instances (33 × 33
/// grid); the claim is on the per-seed ratio (a)/(b). The WoS estimator itself is z-tested at 20 points of one
/// instance with 10⁴ walks each.
public struct WoSNOExperiment: Experiment {
    public init() {}
    public let name = "wos-no"
    public let summary = "walk-on-spheres labels vs physics-informed training of a DeepONet on a 2-D Poisson family"
    public let paper =
        "Operator Learning Using Weak Supervision from Walk-on-Spheres (WoS-NO, neuraloperator group, 2025)"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let steps = configuration.value(full: 3000, quick: 150, toy: 6)
        let settings = WoSNOTraining.Settings(
            steps: steps, width: configuration.value(full: 64, quick: 64, toy: 16),
            evaluationInterval: configuration.value(full: 250, quick: 50, toy: 3))
        let testCount = configuration.value(full: 50, quick: 50, toy: 4)
        let gridSize = configuration.value(full: 33, quick: 33, toy: 9)
        var testGenerator = RandomGenerator(seed: configuration.baseSeed &+ 0x7e57)
        let testSet = WoSNOTraining.TestSet(count: testCount, gridSize: gridSize, using: &testGenerator)

        var runs: [WoSNOTraining.Supervision: [WoSNOTraining.Run]] = [:]
        var table = CSVTable()
        for supervision in WoSNOTraining.Supervision.allCases {
            for seed in seeds {
                let run = WoSNOTraining.train(supervision, settings: settings, seed: seed, testSet: testSet)
                print(
                    String(
                        format: "%@ seed %llu: rel-L2 %.4f, %.2f ms/step (labels %.2f ms/step)", supervision.label,
                        seed, run.finalError, 1000 * run.trainingSeconds / Double(steps),
                        1000 * run.labelSeconds / Double(steps)))
                runs[supervision, default: []].append(run)
            }
        }
        let wos = runs[.walkOnSpheres]!
        let physics = runs[.physicsInformed]!
        let ratios = zip(wos, physics).map { $0.finalError / $1.finalError }
        let timeRatios = zip(wos, physics).map { $0.trainingSeconds / $1.trainingSeconds }
        table.add("seed", seeds.map { Double($0) })
        table.add("wos_rel_l2", wos.map(\.finalError))
        table.add("pi_rel_l2", physics.map(\.finalError))
        table.add("error_ratio", ratios)
        table.add("wos_ms_per_step", wos.map { 1000 * $0.trainingSeconds / Double(steps) })
        table.add("wos_label_ms_per_step", wos.map { 1000 * $0.labelSeconds / Double(steps) })
        table.add("pi_ms_per_step", physics.map { 1000 * $0.trainingSeconds / Double(steps) })
        try table.write("errors.csv", into: configuration.outputDirectory)

        let walks = configuration.value(full: 10_000, quick: 10_000, toy: 200)
        let scores = Self.zScores(
            instance: testSet.instances[0], walks: walks, epsilon: settings.epsilon, seed: configuration.baseSeed)
        var zTable = CSVTable()
        zTable.add("x", scores.map(\.x))
        zTable.add("y", scores.map(\.y))
        zTable.add("exact", scores.map(\.exact))
        zTable.add("estimate", scores.map(\.estimate.mean))
        zTable.add("standard_error", scores.map(\.estimate.standardError))
        zTable.add("z", scores.map(\.z))
        try zTable.write("zscores.csv", into: configuration.outputDirectory)
        try Self.plots(wos: wos[0], physics: physics[0], testSet: testSet, scores: scores, into: configuration)

        let within = scores.filter { abs($0.z) < 2 }.count
        let claims = [
            Claim(
                name: "WoS / PI rel-L2",
                statement:
                    "at equal steps, training on WoS labels reaches ≤ 0.5× the error of physics-informed training",
                measured: Estimate(values: ratios), condition: .atMost(0.5)),
            Claim(
                name: "WoS unbiased (points with |z| < 2)",
                statement: "the WoS estimate (10⁴ walks) is within 2 standard errors of u at ≥ 19 of 20 points",
                measured: .exact(Double(within)), condition: .atLeast(19)),
        ]
        let pooled = scores.map(\.z).reduce(0, +) / Double(scores.count).squareRoot()
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "steps": "\(steps)", "instances_per_step": "\(settings.instancesPerStep)",
                "points_per_instance": "\(settings.pointsPerInstance)", "walks_per_point": "\(settings.walksPerPoint)",
                "epsilon": "\(settings.epsilon)", "width": "\(settings.width)", "test_instances": "\(testCount)",
                "test_grid": "\(gridSize)x\(gridSize)", "z_test_walks": "\(walks)",
            ],
            seeds: seeds, claims: claims,
            notes: [
                "WoS-label rel-L2 \(Estimate(values: wos.map(\.finalError)).formatted()); physics-informed "
                    + "\(Estimate(values: physics.map(\.finalError)).formatted())",
                String(
                    format: "time per step: WoS %.2f ms (of which labels %.2f ms), PI %.2f ms; WoS/PI time ratio %@",
                    1000 * Statistics.mean(wos.map(\.trainingSeconds)) / Double(steps),
                    1000 * Statistics.mean(wos.map(\.labelSeconds)) / Double(steps),
                    1000 * Statistics.mean(physics.map(\.trainingSeconds)) / Double(steps),
                    Estimate(values: timeRatios).formatted()),
                String(
                    format: "z-test: %d of %d points with |z| < 2, pooled Σz/√n = %.2f", within, scores.count, pooled),
            ],
            files: ["errors.csv", "zscores.csv", "learning.svg", "solutions.svg", "zscores.svg"])
    }

    struct ZScore {
        let x: Double, y: Double, exact: Double
        let estimate: MonteCarloEstimate
        var z: Double { estimate.zScore(against: exact) }
    }

    /// The WoS estimate at 20 random interior points of `instance`, each from `walks` walks, against the exact u.
    static func zScores(instance: PoissonInstance, walks: Int, epsilon: Double, seed: UInt64) -> [ZScore] {
        var generator = RandomGenerator(seed: seed &+ 0x2)
        let solver = PoissonWalkOnSpheres(domain: BoxDomain.unit(dimension: 2), epsilon: epsilon)
        return (0..<20).map { _ in
            let (x, y) = (0.05 + 0.9 * generator.nextDouble(), 0.05 + 0.9 * generator.nextDouble())
            let estimate = solver.estimate(
                at: [x, y], walks: walks, source: { instance.source($0[0], $0[1]) },
                boundary: { PoissonInstance.boundary($0[0], $0[1]) }, using: &generator)
            return ZScore(x: x, y: y, exact: instance.exact(x, y), estimate: estimate)
        }
    }

    /// The test-error curves of the first seed, the first test instance solved both ways beside the exact solution,
    /// and the z-scores of the WoS estimator.
    static func plots(
        wos: WoSNOTraining.Run, physics: WoSNOTraining.Run, testSet: WoSNOTraining.TestSet, scores: [ZScore],
        into configuration: ExperimentConfiguration
    ) throws {
        var learning = LinePlot(
            title: "DeepONet on the Poisson family: test rel-L2 (first seed)", xLabel: "step", yLabel: "rel-L2",
            yScale: .logarithmic)
        learning.addSeries("WoS labels", x: wos.curve.map(\.step), y: wos.curve.map(\.error))
        learning.addSeries("physics-informed", x: physics.curve.map(\.step), y: physics.curve.map(\.error))
        try learning.write(to: configuration.file("learning.svg"))

        let n = Int(Double(testSet.grid.shape[0]).squareRoot().rounded())
        let instance = [testSet.instances[0]]
        let exact = Tensor(testSet.exact[0], shape: [n, n], dtype: .float64)
        let fields = [
            ("exact u", exact),
            (
                "WoS-trained",
                withoutGradients { wos.model(instance, testSet.grid) }.value.cast(to: .float64).reshaped([n, n])
            ),
            (
                "PI-trained",
                withoutGradients { physics.model(instance, testSet.grid) }.value.cast(to: .float64).reshaped([n, n])
            ),
        ]
        let low = exact.toDoubles().min()!
        let high = exact.toDoubles().max()!
        var panels = PlotPanels(columns: 3)
        for (title, field) in fields {
            panels.add(
                Heatmap(
                    field, title: title, xLabel: "x", yLabel: "y", colorbarLabel: "u", valueRange: low...high,
                    width: 420, height: 360))
        }
        try panels.write(to: configuration.file("solutions.svg"))

        var zPlot = LinePlot(title: "WoS estimator: z = (û − u)/SE at 20 points", xLabel: "point", yLabel: "z")
        let index = scores.indices.map(Double.init)
        zPlot.addScatter("z", x: index, y: scores.map(\.z))
        zPlot.addSeries("+2", x: [0, 19], y: [2, 2])
        zPlot.addSeries("−2", x: [0, 19], y: [-2, -2])
        try zPlot.write(to: configuration.file("zscores.svg"))
    }
}
