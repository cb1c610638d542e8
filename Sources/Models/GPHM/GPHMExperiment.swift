import Autograd
import Foundation
import Layers
import Tensor

/// GP-HM (row 2 of PLAN.md; Fang, Cooley, Long, Li, Kirby & Zhe, ICLR 2024): Gaussian-process solvers with
/// spectral-mixture kernels for multi-scale Poisson problems, against a PINN.
///
/// 1-D: u″ = f on [0, 1], u = sin 2πx + 0.1 sin 40πx + 0.05 sin 100πx (frequencies 1, 20, 50 cycles/unit; the
/// authors' `mix_sin` rescaled to the unit interval), N = 300 grid collocation points, Q = 30 components with
/// frequencies initialized at linspace(0, 1, Q)·60, 5000 Adam steps at 1e-2 (`SpectralMixturePoissonSolver`). The GP is
/// deterministic (one run, as the authors'); the PINN baseline (tanh 3 × 64, the same steps at 1e-3) runs over seeds.
/// 2-D: Δu = f on [0, 1]², u = sin 20x·sin 20y, a 100 × 100 grid through Kronecker algebra (`KroneckerPoissonSolver`);
/// it runs first so that the process's peak resident memory after it bounds its memory.
public struct GPHMExperiment: Experiment {
    public init() {}
    public let name = "gp-hm"
    public let summary =
        "spectral-mixture GP solver for multi-scale 1-D Poisson (vs a PINN), Jeffreys pruning, and a 2-D Kronecker grid"
    public let paper =
        "Fang, Cooley, Long, Li, Kirby and Zhe, Solving High Frequency and Multi-Scale PDEs with Gaussian Processes "
        + "(ICLR 2024)"

    static let trueFrequencies = [1.0, 20.0, 50.0]

    static func exact1D(_ x: Tensor) -> Tensor {
        (x * (2 * Double.pi)).sin() + (x * (40 * Double.pi)).sin() * 0.1 + (x * (100 * Double.pi)).sin() * 0.05
    }

    static func source1D(_ x: Tensor) -> Tensor {
        let a = (x * (2 * Double.pi)).sin() * -Foundation.pow(2 * Double.pi, 2)
        let b = (x * (40 * Double.pi)).sin() * (-0.1 * Foundation.pow(40 * Double.pi, 2))
        let c = (x * (100 * Double.pi)).sin() * (-0.05 * Foundation.pow(100 * Double.pi, 2))
        return a + b + c
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let folder = configuration.outputDirectory
        let count = configuration.value(full: 300, quick: 300, toy: 60)
        let components = configuration.value(full: 30, quick: 30, toy: 6)
        let steps = configuration.value(full: 5000, quick: 600, toy: 30)
        let gridCount = configuration.value(full: 100, quick: 40, toy: 12)
        let gridComponents = configuration.value(full: 30, quick: 10, toy: 4)
        let gridSteps = configuration.value(full: 3000, quick: 400, toy: 20)
        let pinnWidth = configuration.value(full: 64, quick: 32, toy: 8)
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)

        // 2-D first: its peak memory is the process's after it.
        print("2-D: \(gridCount) × \(gridCount) grid, Q = \(gridComponents) per axis, \(gridSteps) Adam steps")
        let start2D = Date()
        let (error2D, field, curve2D) = try Self.solve2D(count: gridCount, components: gridComponents, steps: gridSteps)
        let seconds2D = Date().timeIntervalSince(start2D)
        let peakMegabytes = Self.peakResidentMegabytes()
        print(String(format: "2-D rel-L2 %.3e (%.1f s, peak resident %.0f MB)", error2D, seconds2D, peakMegabytes))

        print("1-D: N = \(count), Q = \(components), \(steps) Adam steps")
        let x = Tensor.linspace(0, 1, count: count, dtype: .float64)
        let exact = Self.exact1D(x)
        let boundary = (exact.element(at: [0]), exact.element(at: [count - 1]))
        let solver = SpectralMixturePoissonSolver(
            components: components, frequencyScale: 60, source: Self.source1D(x), boundary: boundary)
        let start1D = Date()
        let curve = try solver.train(steps: steps, learningRate: 1e-2, exact: exact, every: Swift.max(1, steps / 100))
        let seconds1D = Date().timeIntervalSince(start1D)
        // The authors' test set: 300 points of [0, 1] (the grid itself at N = 300), predicted by the GP mean.
        let testPoints = Tensor.linspace(0, 1, count: 300, dtype: .float64)
        let testExact = Self.exact1D(testPoints)
        let prediction = try solver.prediction(at: testPoints)
        let gpError = relativeError(prediction, testExact)
        print(String(format: "GP rel-L2 %.3e (%.1f s)", gpError, seconds1D))

        var pinnErrors: [Double] = []
        var pinnPrediction = Tensor.zeros([count], dtype: .float64)
        for seed in seeds {
            let run = MultiScalePINN.train(
                points: x, source: Self.source1D(x), boundary: boundary, exact: exact, width: pinnWidth, steps: steps,
                learningRate: 1e-3, seed: seed)
            pinnErrors.append(run.error)
            if pinnErrors.count == 1 { pinnPrediction = run.prediction }
            print(String(format: "PINN seed %llu rel-L2 %.3e", seed, run.error))
        }

        let weights = solver.prior.weights
        let frequencies = solver.prior.frequencies.value.toDoubles().map(Swift.abs)
        let largest = weights.max() ?? 0
        let surviving = weights.indices.filter { weights[$0] >= 1e-3 * largest }
        let prunedFraction = 1 - Double(surviving.count) / Double(weights.count)
        let frequencyErrors = Self.trueFrequencies.map { target in
            surviving.map { Swift.abs(frequencies[$0] - target) / target }.min() ?? .infinity
        }

        try Self.writeFigures(
            into: folder, x: x, exact: exact, gp: solver.solution.value, pinn: pinnPrediction, curve: curve,
            weights: weights, frequencies: frequencies,
            lengthscales: solver.prior.logLengthscales.value.exp().toDoubles(), field: field, curve2D: curve2D)

        let claims = [
            Claim(
                name: "1-D GP rel-L2",
                statement: "the GP solver reaches rel-L2 < 1e-2 on the multi-scale 1-D Poisson problem",
                measured: .exact(gpError), condition: .below(1e-2)),
            Claim(
                name: "PINN / GP error", statement: "a PINN with the same steps is at least 10× worse (per-seed ratio)",
                measured: Estimate(values: pinnErrors.map { $0 / gpError }), condition: .atLeast(10)),
            Claim(
                name: "pruned fraction",
                statement: "log-weights (Jeffreys prior) prune ≥ 50% of the Q components (w < 1e-3·max)",
                measured: .exact(prunedFraction), condition: .atLeast(0.5)),
            Claim(
                name: "frequency recovery",
                statement: "each true frequency {1, 20, 50} has a surviving component within 5% (worst relative gap)",
                measured: .exact(frequencyErrors.max() ?? .infinity), condition: .atMost(0.05)),
            Claim(
                name: "2-D rel-L2",
                statement: "the 100 × 100 Kronecker-grid GP solves sin 20x·sin 20y to rel-L2 < 1e-2",
                measured: .exact(error2D), condition: .below(1e-2)),
            Claim(
                name: "2-D peak memory (MB)",
                statement: "the 2-D solve never forms the 10⁴ × 10⁴ covariance: peak memory < 200 MB",
                measured: .exact(peakMegabytes), condition: .below(200)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "collocation_points": "\(count)", "components": "\(components)", "adam_steps": "\(steps)",
                "grid_2d": "\(gridCount)x\(gridCount)", "components_2d": "\(gridComponents)",
                "adam_steps_2d": "\(gridSteps)",
                "pinn": "tanh 1-\(pinnWidth)-\(pinnWidth)-\(pinnWidth)-1, Adam 1e-3",
            ],
            seeds: seeds, claims: claims,
            notes: [
                String(
                    format: "1-D GP: %.1f s for %d steps; 2-D GP: %.1f s for %d steps", seconds1D, steps, seconds2D,
                    gridSteps),
                "surviving components (w ≥ 1e-3·max): "
                    + surviving.map { String(format: "μ = %.2f (w = %.2e)", frequencies[$0], weights[$0]) }.joined(
                        separator: ", "),
                "PINN rel-L2 per seed: " + pinnErrors.map { String(format: "%.3e", $0) }.joined(separator: ", "),
                "peak resident memory is the process's high-water mark (VmHWM) right after the 2-D solve",
            ],
            files: [
                "solution.svg", "training.svg", "components.svg", "solution_2d.svg", "error_2d.svg", "solution_1d.csv",
                "components.csv", "training.csv",
            ])
    }

    /// The 2-D problem: rel-L2 on the grid, the solution field and the learning curve.
    static func solve2D(count: Int, components: Int, steps: Int) throws
        -> (error: Double, field: Tensor, curve: [(step: Int, loss: Double, error: Double)])
    {
        let axis = Tensor.linspace(0, 1, count: count, dtype: .float64)
        let sines = (axis * 20).sin()
        let exact = sines.unsqueezed(axis: 1) * sines.unsqueezed(axis: 0)
        let solver = KroneckerPoissonSolver(
            components: components, frequencyScale: 10, source: exact * -800, boundaryValues: exact)
        let curve = try solver.train(steps: steps, learningRate: 1e-2, exact: exact, every: Swift.max(1, steps / 100))
        return (relativeError(solver.solution.value, exact), solver.solution.value, curve)
    }

    /// VmHWM from /proc/self/status in MB (0 where it does not exist).
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    static func writeFigures(
        into folder: URL, x: Tensor, exact: Tensor, gp: Tensor, pinn: Tensor,
        curve: [(step: Int, loss: Double, error: Double)], weights: [Double],
        frequencies: [Double], lengthscales: [Double], field: Tensor,
        curve2D: [(step: Int, loss: Double, error: Double)]
    ) throws {
        let xs = x.toDoubles()
        var solution = LinePlot(title: "u″ = f, u = sin 2πx + 0.1 sin 40πx + 0.05 sin 100πx", xLabel: "x", yLabel: "u")
        solution.addSeries("exact", x: xs, y: exact.toDoubles())
        solution.addSeries("GP-HM", x: xs, y: gp.toDoubles())
        solution.addSeries("PINN (seed 0)", x: xs, y: pinn.toDoubles())
        try solution.write(to: folder.appendingPathComponent("solution.svg"))
        var training = LinePlot(
            title: "rel-L2 error during training", xLabel: "Adam step", yLabel: "rel-L2", yScale: .logarithmic)
        training.addSeries("GP-HM 1-D", x: curve.map { Double($0.step) }, y: curve.map(\.error))
        training.addSeries("GP-HM 2-D", x: curve2D.map { Double($0.step) }, y: curve2D.map(\.error))
        try training.write(to: folder.appendingPathComponent("training.svg"))
        var mixture = LinePlot(
            title: "learned spectral mixture (true: 1, 20, 50 cycles/unit)", xLabel: "frequency μ_q",
            yLabel: "weight w_q", yScale: .logarithmic)
        mixture.addScatter("components", x: frequencies, y: weights.map { Swift.max($0, 1e-30) })
        try mixture.write(to: folder.appendingPathComponent("components.svg"))
        let axis = Tensor.linspace(0, 1, count: field.shape[0], dtype: .float64)
        let sines = (axis * 20).sin()
        let exact2D = sines.unsqueezed(axis: 1) * sines.unsqueezed(axis: 0)
        try Heatmap(field, title: "2-D GP-HM solution (Kronecker grid)", xLabel: "y", yLabel: "x", colorbarLabel: "u")
            .write(to: folder.appendingPathComponent("solution_2d.svg"))
        try Heatmap((field - exact2D).abs(), title: "2-D |error|", xLabel: "y", yLabel: "x", colorbarLabel: "|u − u*|")
            .write(to: folder.appendingPathComponent("error_2d.svg"))

        var table = CSVTable()
        table.add("x", xs)
        table.add("exact", exact.toDoubles())
        table.add("gp", gp.toDoubles())
        table.add("pinn", pinn.toDoubles())
        try table.write("solution_1d.csv", into: folder)
        var componentTable = CSVTable()
        componentTable.add("frequency", frequencies)
        componentTable.add("weight", weights)
        componentTable.add("lengthscale", lengthscales)
        try componentTable.write("components.csv", into: folder)
        var trainingTable = CSVTable()
        trainingTable.add("step", curve.map { Double($0.step) })
        trainingTable.add("loss", curve.map(\.loss))
        trainingTable.add("error", curve.map(\.error))
        try trainingTable.write("training.csv", into: folder)
    }
}
