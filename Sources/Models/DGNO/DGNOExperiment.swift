import Foundation
import Layers
import Tensor

/// Physics-only neural operators with weak-form losses (row 25 of PLAN.md; DGNO, Zang and Koutsourelakis, 2025):
/// MultiONet against DeepONet, both trained on the authors' mixed weak form (a flux network beside the potential,
/// weak residuals against compactly supported test functions), and a strong-form PI-DeepONet, on the 1-D two-phase
/// Darcy problem (`TwoPhaseDarcy1d`, `DGNOTraining`). No labeled
/// solution is used in training. The figure is the mean relative L2 error of u on 200 test coefficients (201-point
/// grid, exact solutions); comparisons are per-seed ratios. DGNO's generative latent model (the VAE encoder
/// q(β | a) and latent inverse problems) is not built.
public struct DGNOExperiment: Experiment {
    public init() {}
    public let name = "dgno"
    public let summary =
        "mixed weak-form (CSRBF) physics-only MultiONet vs DeepONet vs strong-form PI-DeepONet, 1-D two-phase Darcy"
    public let paper =
        "DGNO: A Novel Physics-aware Neural Operator for Solving Forward and Inverse PDE Problems based on Deep, "
        + "Generative Probabilistic Modeling (Zang and Koutsourelakis, 2025)"

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let settings = DGNOTraining.Settings(
            steps: configuration.value(full: 1500, quick: 120, toy: 4),
            batch: configuration.value(full: 32, quick: 32, toy: 4),
            width: configuration.value(full: 64, quick: 64, toy: 12))
        let quadrature = WeakFormQuadrature.uniform(
            count: configuration.value(full: settings.testFunctions, quick: settings.testFunctions, toy: 16),
            radius: settings.radius, nodesPerSupport: settings.nodesPerSupport)
        var testGenerator = RandomGenerator(seed: configuration.baseSeed &+ 0x7e57)
        let testInstances = TwoPhaseDarcy1d.sample(
            configuration.value(full: 200, quick: 200, toy: 8), using: &testGenerator)
        let grid = (0...200).map { Double($0) / 200 }
        let exact = testInstances.map { instance in grid.map { instance.solution(at: $0) } }

        var errors: [DGNOTraining.Method: [Double]] = [:]
        var firstRuns: [DGNOTraining.Method: DGNOTraining.Run] = [:]
        var notes: [String] = []
        for method in DGNOTraining.Method.allCases {
            var seconds: [Double] = []
            for seed in seeds {
                let run = DGNOTraining.train(method, settings: settings, seed: seed, quadrature: quadrature)
                let error = DGNOTraining.relativeError(run.model, instances: testInstances, grid: grid, exact: exact)
                print(String(format: "%@ seed %llu: rel-L2 %.4f (%.1f s)", method.label, seed, error, run.seconds))
                errors[method, default: []].append(error)
                seconds.append(run.seconds)
                if firstRuns[method] == nil { firstRuns[method] = run }
            }
            notes.append(
                String(
                    format: "%@ (%d parameters): rel-L2 %@, %.2f ms/step", method.label,
                    firstRuns[method]!.model.parameterCount, Estimate(values: errors[method]!).formatted(),
                    1000 * Statistics.mean(seconds) / Double(settings.steps)))
        }
        let multi = errors[.multiONetWeak]!
        let deep = errors[.deepONetWeak]!
        let strong = errors[.deepONetStrong]!
        var table = CSVTable()
        table.add("seed", seeds.map { Double($0) })
        for method in DGNOTraining.Method.allCases { table.add(method.rawValue, errors[method]!) }
        try table.write("errors.csv", into: configuration.outputDirectory)
        try Self.plots(firstRuns, test: testInstances[0], grid: grid, exact: exact[0], into: configuration)

        let claims = [
            Claim(
                name: "MultiONet rel-L2", statement: "physics-only (weak-form) MultiONet reaches rel-L2 < 5%",
                measured: Estimate(values: multi), condition: .below(0.05)),
            Claim(
                name: "MultiONet / DeepONet rel-L2",
                statement: "MultiONet's error is ≤ 0.8× DeepONet's (both weak form)",
                measured: Estimate(values: zip(multi, deep).map { $0 / $1 }), condition: .atMost(0.8)),
            Claim(
                name: "strong / weak DeepONet rel-L2",
                statement: "the strong-form PI-DeepONet's error is > 2× the weak-form DeepONet's",
                measured: Estimate(values: zip(strong, deep).map { $0 / $1 }), condition: .above(2)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "steps": "\(settings.steps)", "batch": "\(settings.batch)", "width": "\(settings.width)",
                "depth": "\(settings.depth)", "weak_form": "mixed: potential u and flux s networks",
                "test_functions": "\(quadrature.centers.count)",
                "radius": "\(settings.radius)", "nodes_per_support": "\(settings.nodesPerSupport)",
                "test_instances": "\(testInstances.count)",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: ["errors.csv", "loss.svg", "solutions.svg"])
    }

    /// The training losses of the first seed, and the first test coefficient's solution by each operator beside the
    /// exact one (with a scaled to [0, 1] drawn for the phases).
    static func plots(
        _ runs: [DGNOTraining.Method: DGNOTraining.Run], test: TwoPhaseDarcy1d, grid: [Double], exact: [Double],
        into configuration: ExperimentConfiguration
    ) throws {
        var panels = PlotPanels(columns: 2)
        var losses = LinePlot(title: "Training loss (first seed)", xLabel: "step", yLabel: "loss", yScale: .logarithmic)
        for method in DGNOTraining.Method.allCases {
            let curve = runs[method]!.curve
            losses.addSeries(method.label, x: curve.map(\.step), y: curve.map(\.loss))
        }
        panels.add(losses)
        try losses.write(to: configuration.file("loss.svg"))
        var profile = LinePlot(title: "u on a test coefficient", xLabel: "x", yLabel: "u")
        profile.addSeries("exact", x: grid, y: exact)
        for method in DGNOTraining.Method.allCases {
            profile.addSeries(method.label, x: grid, y: runs[method]!.model.solution([test], at: grid).toDoubles())
        }
        let peak = exact.map(abs).max() ?? 1
        profile.addSeries("a (scaled)", x: grid, y: grid.map { (test.coefficient(at: $0) - 1) / 9 * peak })
        panels.add(profile)
        try panels.write(to: configuration.file("solutions.svg"))
    }
}
