import Foundation
import Layers
import Tensor

/// Self-distillation of RBF kernel ridge regression with ground-truth targets (Borup & Andersen, NeurIPS 2021), on
/// the authors' toy (11 noisy points of sin 2πx, γ = 80, λ = 0.2, loss against the true sinusoid on 101 points)
/// and on fresh noise draws of it, plus a larger case (n = 200 points in [0, 1]⁵).
public struct SelfDistillationExperiment: Experiment {
    public init() {}
    public let name = "self-distillation"
    public let summary =
        "Self-distillation of KRR with ground-truth weight α: closed form, α = 0 collapse, α = 0.35 limit below the first fit, optimal α"
    public let paper =
        "Even your Teacher Needs Guidance: Ground-Truth Targets Dampen Regularization Imposed by Self-Distillation (Borup & Andersen, NeurIPS 2021)"

    /// The toy's training targets from the authors' notebook (Mobahi, Farajtabar & Bartlett's values) at x = 0, 0.1, …, 1.
    static let authorsTargets = [
        0.38476636465198066, 1.2333967683416893, 1.33232242218057, 0.69201594888895180, -0.29756145531871736,
        -0.24189291901377769, -0.7964485769175675, -0.9616480167034174, -0.49672509509916934, -0.3469066003991437,
        0.5589512650600734,
    ]

    /// One regression problem: the distillation machinery and the truth at training and evaluation points.
    struct Problem {
        let distillation: SelfDistillation
        let kernel: Tensor
        let truthAtTraining: Tensor
        let truthAtEvaluation: Tensor

        init(
            train: Tensor, targets: Tensor, evaluation: Tensor, gamma: Double, ridge: Double, truth: (Tensor) -> Tensor
        ) throws {
            let rbf = GaussianKernel(gamma: gamma)
            kernel = rbf.matrix(train, train)
            distillation = SelfDistillation(
                regression: try KernelRidgeRegression(kernel: kernel), ridge: ridge, targets: targets,
                crossKernel: rbf.matrix(evaluation, train))
            truthAtTraining = truth(train)
            truthAtEvaluation = truth(evaluation)
        }

        func loss(_ prediction: Tensor) -> Double { (prediction - truthAtEvaluation).square().mean().item() }
    }

    /// What one problem shows.
    struct Findings {
        var closedFormError = 0.0
        var limitError = 0.0
        var firstLoss = 0.0
        var collapseRatio = 0.0
        var distilledRatio = 0.0
        var alphaStar = 0.0
        var alphaStarExcess = 0.0
        var lossesAlphaZero: [Double] = []
        var lossesAlphaDistilled: [Double] = []
        var gridLosses: [Double] = []
    }

    static let distilledAlpha = 0.35
    static let grid = (0...20).map { Double($0) / 20 }

    static func study(_ problem: Problem, steps: Int) throws -> Findings {
        var findings = Findings()
        let distillation = problem.distillation
        for alpha in [0, distilledAlpha] {
            let iterated = try distillation.iterated(alpha: alpha, steps: steps, kernel: problem.kernel)
            for (index, prediction) in iterated.enumerated() {
                let closed = distillation.closedForm(alpha: alpha, step: index + 1)
                let scale = Swift.max(1, prediction.abs().max().item())
                findings.closedFormError = Swift.max(
                    findings.closedFormError, (closed - prediction).abs().max().item() / scale)
            }
            let losses = iterated.map(problem.loss)
            if alpha == 0 { findings.lossesAlphaZero = losses } else { findings.lossesAlphaDistilled = losses }
            if alpha > 0 {
                let limit = distillation.limit(alpha: alpha)
                findings.limitError = (iterated.last! - limit).abs().max().item()
                findings.distilledRatio = problem.loss(limit) / losses[0]
            } else {
                // The α = 0 limit is the zero function.
                findings.collapseRatio = problem.loss(Tensor.zeros(like: iterated[0])) / losses[0]
            }
        }
        findings.firstLoss = findings.lossesAlphaZero[0]
        findings.alphaStar = distillation.optimalAlpha(truth: problem.truthAtTraining)
        findings.gridLosses = grid.map { distillation.secondStepLoss(alpha: $0, truth: problem.truthAtTraining) }
        // The loss is a convex quadratic in α, so its minimizer over the grid's range [0, 1] is α* clamped.
        let constrained = Swift.min(1, Swift.max(0, findings.alphaStar))
        findings.alphaStarExcess =
            distillation.secondStepLoss(alpha: constrained, truth: problem.truthAtTraining)
            - findings.gridLosses.min()!
        return findings
    }

    static func sinusoid(_ x: Tensor) -> Tensor { (x.selected(axis: 1, index: 0) * (2 * Double.pi)).sin() }

    /// The toy: x = 0, 0.1, …, 1, γ = 80, λ = 0.2, evaluated on x = 0, 0.01, …, 1.
    static func toy(targets: Tensor) throws -> Problem {
        let train = Tensor.linspace(0, 1, count: 11, dtype: .float64).unsqueezed(axis: 1)
        let evaluation = Tensor.linspace(0, 1, count: 101, dtype: .float64).unsqueezed(axis: 1)
        return try Problem(
            train: train, targets: targets, evaluation: evaluation, gamma: 80, ridge: 0.2, truth: sinusoid)
    }

    /// The larger case: n points uniform in [0, 1]⁵, g(x) = sin(2π·x₁)·cos(π·x₂) + x₃ − ½, noise σ = 0.5, γ = 2,
    /// λ = 0.2·n/11 (the toy's ridge per point), evaluated on 1000 fresh points.
    static func larger(count: Int, seed: UInt64) throws -> Problem {
        var generator = RandomGenerator(seed: 1000 + seed)
        let truth = { (x: Tensor) -> Tensor in
            (x.selected(axis: 1, index: 0) * (2 * Double.pi)).sin() * (x.selected(axis: 1, index: 1) * Double.pi).cos()
                + x.selected(axis: 1, index: 2) - 0.5
        }
        let train = Tensor.uniform([count, 5], dtype: .float64, using: &generator)
        let evaluation = Tensor.uniform([1000, 5], dtype: .float64, using: &generator)
        let targets = truth(train) + Tensor.normal([count], standardDeviation: 0.5, dtype: .float64, using: &generator)
        return try Problem(
            train: train, targets: targets, evaluation: evaluation, gamma: 2, ridge: 0.2 * Double(count) / 11,
            truth: truth)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let seeds = configuration.seeds(full: 20, quick: 5, toy: 2)
        let steps = configuration.value(full: 100, quick: 60, toy: 40)
        let largeCount = configuration.value(full: 200, quick: 200, toy: 40)

        let authors = try Self.study(try Self.toy(targets: Tensor(Self.authorsTargets)), steps: steps)
        var noisy: [Findings] = []
        var large: [Findings] = []
        for seed in seeds {
            // The notebook's generator: y = sin 2πx + N(0, 0.5²).
            var generator = RandomGenerator(seed: seed)
            let x = Tensor.linspace(0, 1, count: 11, dtype: .float64)
            let targets =
                (x * (2 * Double.pi)).sin()
                + Tensor.normal([11], standardDeviation: 0.5, dtype: .float64, using: &generator)
            noisy.append(try Self.study(try Self.toy(targets: targets), steps: steps))
            large.append(try Self.study(try Self.larger(count: largeCount, seed: seed), steps: steps))
        }
        let everything = [authors] + noisy + large
        print(
            String(
                format:
                    "authors' toy: first fit %.4f, α = 0 after 3/6 steps %.4f/%.4f, limit %.4f; α = 0.35 step 6 %.4f, limit %.4f",
                authors.firstLoss, authors.lossesAlphaZero[2], authors.lossesAlphaZero[5],
                authors.collapseRatio * authors.firstLoss, authors.lossesAlphaDistilled[5],
                authors.distilledRatio * authors.firstLoss))

        let claims = [
            Claim(
                name: "closed form vs iterated",
                statement: "the closed-form t-step solution equals the iterated one to 1e-10",
                measured: .exact(everything.map(\.closedFormError).max()!), condition: .below(1e-10)),
            Claim(
                name: "α = 0.35 limit = KRR with λ/α",
                statement: "infinite distillation is the original problem with amplified regularization (to 1e-8)",
                measured: .exact(everything.map(\.limitError).max()!), condition: .below(1e-8)),
            Claim(
                name: "α = 0 collapse, authors' points",
                statement: "α = 0: limit (zero function) loss > 2× first-fit loss",
                measured: .exact(authors.collapseRatio), condition: .above(2)),
            Claim(
                name: "α = 0 collapse, noise seeds",
                statement: "the same on fresh noise (σ = 0.5): limit/first-fit loss > 2",
                measured: Estimate(values: noisy.map(\.collapseRatio)), condition: .above(2)),
            Claim(
                name: "α = 0.35 limit/first fit, authors' points",
                statement: "α = 0.35 converges to a limit whose loss is below the first fit's",
                measured: .exact(authors.distilledRatio),
                condition: .below(1)),
            Claim(
                name: "α = 0.35 limit/first fit, noise seeds",
                statement: "the same on fresh noise (σ = 0.5): ratio < 1",
                measured: Estimate(values: noisy.map(\.distilledRatio)), condition: .below(1)),
            Claim(
                name: "closed-form α* − best of 21-point grid",
                statement:
                    "the closed-form optimal α (in [0, 1]) is at least as good as the best of a 21-point grid (+1e-6)",
                measured: .exact(everything.map(\.alphaStarExcess).max()!), condition: .atMost(1e-6)),
        ]

        var table = CSVTable()
        table.add("step", (1...steps).map(Double.init))
        table.add("authors_loss_alpha0", authors.lossesAlphaZero)
        table.add("authors_loss_alpha035", authors.lossesAlphaDistilled)
        try table.write("losses.csv", into: configuration.outputDirectory)
        var gridTable = CSVTable()
        gridTable.add("alpha", Self.grid)
        gridTable.add("authors_second_step_loss", authors.gridLosses)
        try gridTable.write("alpha_grid.csv", into: configuration.outputDirectory)
        try plots(authors, steps: steps, into: configuration.outputDirectory)

        func summary(_ values: [Double]) -> String {
            String(format: "median %.3g, range [%.3g, %.3g]", Statistics.median(values), values.min()!, values.max()!)
        }
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "gamma": "80", "ridge": "0.2", "steps": "\(steps)", "noise_sd": "0.5",
                "larger_case": "n = \(largeCount), d = 5, γ = 2, λ = \(0.2 * Double(largeCount) / 11)",
            ],
            seeds: seeds, claims: claims,
            notes: [
                String(
                    format:
                        "authors' toy losses (paper's table: 0.1648, 0.1492, 0.1825, 0.4951; 0.1495, 0.1496): first fit %.4f; α = 0 step 3 %.4f, step 6 %.4f, limit %.4f; α = 0.35 step 6 %.4f, limit %.4f",
                    authors.firstLoss, authors.lossesAlphaZero[2], authors.lossesAlphaZero[5],
                    authors.collapseRatio * authors.firstLoss, authors.lossesAlphaDistilled[5],
                    authors.distilledRatio * authors.firstLoss),
                String(
                    format:
                        "authors' toy: unconstrained α* = %.4f for step 2 (loss against sin 2πx at the 11 training points; clamped to [0, 1] for the claim)",
                    authors.alphaStar),
                "larger case (n = \(largeCount), 5-D), α = 0.35 limit/first-fit loss: "
                    + summary(large.map(\.distilledRatio))
                    + "; α = 0 collapse ratio: " + summary(large.map(\.collapseRatio)),
                "noise seeds, unconstrained α*: " + summary(noisy.map(\.alphaStar)),
            ],
            files: ["losses.csv", "alpha_grid.csv", "losses.svg"])
    }

    private func plots(_ authors: Findings, steps: Int, into folder: URL) throws {
        var plot = LinePlot(
            title: "Self-distillation on the authors' toy: loss against sin 2πx", xLabel: "distillation step",
            yLabel: "mean squared error", xScale: .logarithmic)
        let x = (1...steps).map(Double.init)
        plot.addSeries("α = 0", x: x, y: authors.lossesAlphaZero)
        plot.addSeries("α = 0.35", x: x, y: authors.lossesAlphaDistilled)
        try plot.write(to: folder.appendingPathComponent("losses.svg"))
    }
}
