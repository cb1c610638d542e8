import Autograd
import Foundation
import Layers
import Tensor

/// Deep neural mixture density against Gaussian mixtures and kernel density estimation on a 2-D banana + ring +
/// Gaussian target (row 9 of PLAN.md; Trentin, 2020).
///
/// Per seed: 2000 training draws of `BananaRingMixture` (1600 to fit, 400 to validate) and 10 000 test draws. The
/// DNMM (`NeuralMixtureDensity`: 3 components, each an MLP 2→32→32→1 with softplus output, normalized by midpoint
/// quadrature on a 64² grid of [−4, 4]², penalty λ = 1 on (Zᵢ − 1)²) is trained by full-batch Adam (1000 steps, learning rate 10⁻² decayed along a half cosine to 10⁻⁴); EM Gaussian
/// mixtures with K ∈ {3, 6, 12} (2 k-means starts each) are chosen by validation likelihood; the KDE's bandwidth is
/// chosen by leave-one-out likelihood over 16 values from 0.05 to 1. The figure is the mean test log-likelihood
/// (nats per point); the DNMM's normalization is checked by quadrature on a 256² grid.
public struct DNMMExperiment: Experiment {
    public init() {}
    public let name = "deep-nmm"
    public let summary =
        "Deep neural mixture density vs best EM-GMM and CV-bandwidth KDE on a 2-D banana + ring mixture"
    public let paper = "Trentin, Multivariate Density Estimation with Deep Neural Mixture Models (2020)"

    /// The test log-likelihoods of one seed, and the DNMM's mass on the fine grid.
    struct SeedOutcome {
        var neural: Double
        var gaussianMixture: Double
        var chosenComponents: Int
        var kernel: Double
        var bandwidth: Double
        var mass: Double
        var finalLoss: Double
    }

    static func runSeed(
        seed: UInt64, trainingCount: Int, testCount: Int, steps: Int, gridCount: Int, hidden: [Int]
    ) throws -> SeedOutcome {
        var generator = RandomGenerator(seed: seed)
        let training = BananaRingMixture.sample(trainingCount, using: &generator)
        let test = BananaRingMixture.sample(testCount, using: &generator)
        let fitCount = trainingCount * 4 / 5
        let fit = training.narrowed(axis: 0, start: 0, length: fitCount)
        let validation = training.narrowed(axis: 0, start: fitCount, length: trainingCount - fitCount)

        var bestMixture: (validation: Double, mixture: GaussianMixture, components: Int)?
        for components in [3, 6, 12] {
            let mixture = try GaussianMixture.fit(fit, clusters: components, restarts: 2, using: &generator).mixture
            let score = try mixture.logDensities(validation).mean().item()
            if bestMixture.map({ score > $0.validation }) ?? true { bestMixture = (score, mixture, components) }
        }
        let bandwidths = (0..<16).map { 0.05 * pow(20, Double($0) / 15) }
        let kde = KernelDensityEstimate(points: fit, candidateBandwidths: bandwidths)

        let model = NeuralMixtureDensity(
            components: 3, hidden: hidden, lower: BananaRingMixture.lower, upper: BananaRingMixture.upper,
            using: &generator)
        let grid = model.midpointGrid(count: gridCount)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-2)
        let schedule = CosineWithWarmup(base: 1e-2, totalSteps: steps, minimum: 1e-4)
        var loss = Double.nan
        for step in 0..<steps {
            optimizer.learningRate = schedule.learningRate(at: step)
            let objective = model.loss(fit, grid: grid, penalty: 1)
            objective.backward()
            optimizer.step()
            loss = objective.item()
        }
        let neural = withoutGradients {
            model.logDensities(Variable(test), normalizers: model.normalizers(on: grid)).value.mean().item()
        }
        return SeedOutcome(
            neural: neural, gaussianMixture: try bestMixture!.mixture.logDensities(test).mean().item(),
            chosenComponents: bestMixture!.components, kernel: kde.logDensities(test).mean().item(),
            bandwidth: kde.bandwidth, mass: model.totalMass(count: 4 * gridCount, grid: grid), finalLoss: loss)
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let trainingCount = configuration.value(full: 2000, quick: 1000, toy: 200)
        let testCount = configuration.value(full: 10_000, quick: 4000, toy: 300)
        let steps = configuration.value(full: 1000, quick: 300, toy: 15)
        let gridCount = configuration.value(full: 64, quick: 64, toy: 16)
        let hidden = configuration.value(full: [32, 32], quick: [32, 32], toy: [8, 8])
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let start = Date()
        var outcomes: [SeedOutcome] = []
        for seed in seeds {
            let outcome = try Self.runSeed(
                seed: seed, trainingCount: trainingCount, testCount: testCount, steps: steps, gridCount: gridCount,
                hidden: hidden)
            outcomes.append(outcome)
            print(
                String(
                    format:
                        "seed %d: test LL DNMM %.4f, GMM (K = %d) %.4f, KDE (h = %.3f) %.4f; ∫p = %.4f; loss %.4f (%.1f s)",
                    seed, outcome.neural, outcome.chosenComponents, outcome.gaussianMixture, outcome.bandwidth,
                    outcome.kernel, outcome.mass, outcome.finalLoss, Date().timeIntervalSince(start)))
        }
        let claims = [
            Claim(
                name: "test LL: DNMM − best GMM (nats)",
                statement: "the DNMM's test log-likelihood exceeds the best Gaussian mixture's by ≥ 0.05 nats",
                measured: Estimate(values: outcomes.map { $0.neural - $0.gaussianMixture }), condition: .atLeast(0.05)),
            Claim(
                name: "test LL: DNMM − KDE (nats)",
                statement: "the DNMM's test log-likelihood is at least the KDE's",
                measured: Estimate(values: outcomes.map { $0.neural - $0.kernel }), condition: .atLeast(0)),
            Claim(
                name: "|∫p − 1| on a \(4 * gridCount)² grid",
                statement: "the trained DNMM integrates to 1 ± 0.02",
                measured: Estimate(values: outcomes.map { abs($0.mass - 1) }), condition: .atMost(0.02)),
        ]
        var table = CSVTable()
        table.add("seed", seeds.map { Double($0) })
        table.add("test_ll_dnmm", outcomes.map(\.neural))
        table.add("test_ll_gmm", outcomes.map(\.gaussianMixture))
        table.add("gmm_components", outcomes.map { Double($0.chosenComponents) })
        table.add("test_ll_kde", outcomes.map(\.kernel))
        table.add("kde_bandwidth", outcomes.map(\.bandwidth))
        table.add("dnmm_mass", outcomes.map(\.mass))
        try table.write("test_ll.csv", into: configuration.outputDirectory)
        let notes = [
            "mean test LL: DNMM \(Estimate(values: outcomes.map(\.neural)).formatted(digits: 4)), best GMM "
                + "\(Estimate(values: outcomes.map(\.gaussianMixture)).formatted(digits: 4)), KDE "
                + "\(Estimate(values: outcomes.map(\.kernel)).formatted(digits: 4))",
            "GMM components chosen: \(outcomes.map(\.chosenComponents)); KDE bandwidths: "
                + outcomes.map { String(format: "%.3f", $0.bandwidth) }.joined(separator: ", "),
            "DNMM ∫p on the \(4 * gridCount)² grid: "
                + outcomes.map { String(format: "%.4f", $0.mass) }
                .joined(separator: ", ") + String(format: " (%.1f s in all)", Date().timeIntervalSince(start)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "train": "\(trainingCount)", "test": "\(testCount)", "adam_steps": "\(steps)",
                "quadrature_grid": "\(gridCount)x\(gridCount)", "components": "3", "hidden": "\(hidden)",
            ],
            seeds: seeds, claims: claims, notes: notes, files: ["test_ll.csv"])
    }
}
