import Foundation
import Layers
import Tensor

/// Wang, Nichani & Lee (ICLR 2024): a three-layer network trained layer-wise learns the hierarchical target
/// h = He₃(p(x))/√6 with quadratic p in d = 20 from n = 4d² samples, where RBF kernel ridge regression and a
/// two-layer network do not; the first stage recovers p.
///
/// Per seed: a target (a random well-spread A), a test set, and for each n of the grid the nested first n training
/// samples fit by the layer-wise three-layer network (half for each stage), by RBF kernel ridge regression (γ and λ
/// by closed-form leave-one-out) and by a two-layer ReLU network trained with Adam. A control target
/// g(z) = z³/√15, whose E[g′(Z)] ≠ 0 meets the paper's assumption on the link, is fit by the three-layer network
/// at the largest n.
public struct HierarchicalPolynomialsExperiment: Experiment {
    public init() {}
    public let name = "hierarchical-polynomials"
    public let summary =
        "Layer-wise 3-layer net learns He₃(p(x)), p quadratic, d = 20, n = 4d²; RBF kernel ridge and a 2-layer net do not"
    public let paper =
        "Learning Hierarchical Polynomials with Three-Layer Neural Networks (Wang, Nichani, Lee; ICLR 2024)"

    /// Ridge candidates (on the sum of squared errors) for both ridge fits.
    static let ridges = (-4...5).map { Foundation.pow(10, Double($0)) }
    /// Candidate RBF bandwidths γ·d (‖x − x′‖² ≈ 2d for Gaussian inputs).
    static let kernelScales = [0.125, 0.25, 0.5, 1]

    /// The figures of one fit.
    struct Fit {
        var threeLayer = 0.0
        var featureCorrelation = 0.0
        var kernelRidge = 0.0
        var twoLayer = 0.0
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let d = configuration.value(full: 20, quick: 20, toy: 6)
        let sizes = configuration.value(full: [200, 400, 800, 1600], quick: [400, 1600], toy: [40, 80])
        let innerWidth = configuration.value(full: 2000, quick: 2000, toy: 100)
        let middleWidth = configuration.value(full: 200, quick: 200, toy: 20)
        let testCount = configuration.value(full: 4000, quick: 2000, toy: 200)
        let baseline = TwoLayerBaseline(
            width: configuration.value(full: 1000, quick: 500, toy: 16),
            steps: configuration.value(full: 1000, quick: 300, toy: 30), learningRate: 1e-3)
        let biasRange = 3.0
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let largest = sizes.last!
        let start = Date()

        var fits: [[Fit]] = []  // [seed][size]
        var control: [(error: Double, correlation: Double)] = []
        var kernelChoices: [String] = []
        for seed in seeds {
            var generator = RandomGenerator(seed: seed)
            let target = try HierarchicalPolynomialTarget(dimension: d, link: .hermite3, using: &generator)
            let test = target.sample(testCount, using: &generator)
            let train = target.sample(largest, using: &generator)
            let testFeature = target.feature(test.inputs)
            var row: [Fit] = []
            for n in sizes {
                let x = train.inputs.narrowed(axis: 0, start: 0, length: n)
                let y = train.targets.narrowed(axis: 0, start: 0, length: n)
                var fit = Fit()
                let network = try Self.threeLayer(
                    x, y, d: d, innerWidth: innerWidth, middleWidth: middleWidth, biasRange: biasRange,
                    using: &generator)
                fit.threeLayer = Self.normalizedError(network.predict(test.inputs), test.targets)
                fit.featureCorrelation = abs(Self.correlation(network.learnedFeature(test.inputs), testFeature))
                let kernel = try Self.kernelRidge(x, y, d: d, test: test.inputs)
                fit.kernelRidge = Self.normalizedError(kernel.predictions, test.targets)
                if n == largest {
                    kernelChoices.append(String(format: "γ·d = %.3g, λ = %.0e", kernel.scale, kernel.ridge))
                }
                fit.twoLayer = Self.normalizedError(
                    baseline.trainedPredictions(inputs: x, targets: y, test: test.inputs, using: &generator),
                    test.targets)
                row.append(fit)
                print(
                    String(
                        format:
                            "seed %d, n = %d: 3-layer MSE %.3f (|corr(φ, p)| %.3f), KRR %.3f, 2-layer %.3f (%.1f s)",
                        seed, n, fit.threeLayer, fit.featureCorrelation, fit.kernelRidge, fit.twoLayer,
                        Date().timeIntervalSince(start)))
            }
            fits.append(row)

            let cube = try HierarchicalPolynomialTarget(dimension: d, link: .cube, using: &generator)
            let cubeTest = cube.sample(testCount, using: &generator)
            let cubeTrain = cube.sample(largest, using: &generator)
            let cubeNetwork = try Self.threeLayer(
                cubeTrain.inputs, cubeTrain.targets, d: d, innerWidth: innerWidth, middleWidth: middleWidth,
                biasRange: biasRange, using: &generator)
            control.append(
                (
                    Self.normalizedError(cubeNetwork.predict(cubeTest.inputs), cubeTest.targets),
                    abs(Self.correlation(cubeNetwork.learnedFeature(cubeTest.inputs), cube.feature(cubeTest.inputs)))
                ))
            print(
                String(
                    format: "seed %d, control g = z³/√15, n = %d: 3-layer MSE %.3f (|corr(φ, p)| %.3f)", seed,
                    largest, control.last!.error, control.last!.correlation))
        }

        let last = fits.map { $0.last! }
        let claims = [
            Claim(
                name: "3-layer (layer-wise) normalized test MSE, n = \(largest)",
                statement: "the layer-wise three-layer network learns h = He₃(p) at n = 4d²: normalized MSE < 0.3",
                measured: Estimate(values: last.map(\.threeLayer)), condition: .below(0.3)),
            Claim(
                name: "RBF kernel ridge normalized test MSE, n = \(largest)",
                statement: "kernel methods need Θ̃(d⁶) samples for degree 6: normalized MSE > 0.8 at n = 4d²",
                measured: Estimate(values: last.map(\.kernelRidge)), condition: .above(0.8)),
            Claim(
                name: "2-layer network normalized test MSE, n = \(largest)",
                statement: "a two-layer network trained end to end does not learn h at n = 4d²: normalized MSE > 0.6",
                measured: Estimate(values: last.map(\.twoLayer)), condition: .above(0.6)),
            Claim(
                name: "|corr(learned feature, p)|, n = \(largest)",
                statement: "the first stage recovers the quadratic feature p: correlation > 0.8",
                measured: Estimate(values: last.map(\.featureCorrelation)), condition: .above(0.8)),
        ]

        var table = CSVTable()
        let rows = seeds.indices.flatMap { s in sizes.indices.map { (s, $0) } }
        table.add("seed", rows.map { Double(seeds[$0.0]) })
        table.add("n", rows.map { Double(sizes[$0.1]) })
        table.add("three_layer_mse", rows.map { fits[$0.0][$0.1].threeLayer })
        table.add("feature_correlation", rows.map { fits[$0.0][$0.1].featureCorrelation })
        table.add("kernel_ridge_mse", rows.map { fits[$0.0][$0.1].kernelRidge })
        table.add("two_layer_mse", rows.map { fits[$0.0][$0.1].twoLayer })
        try table.write("errors.csv", into: configuration.outputDirectory)
        var controlTable = CSVTable()
        controlTable.add("seed", seeds.map { Double($0) })
        controlTable.add("three_layer_mse", control.map(\.error))
        controlTable.add("feature_correlation", control.map(\.correlation))
        try controlTable.write("control_cube.csv", into: configuration.outputDirectory)

        let x = sizes.map(Double.init)
        func means(_ figure: (Fit) -> Double) -> [Double] {
            sizes.indices.map { i in Statistics.mean(fits.map { figure($0[i]) }) }
        }
        var plot = LinePlot(
            title: "h = He₃(p(x))/√6, d = \(d): test error (mean over \(seeds.count) seeds)", xLabel: "n",
            yLabel: "normalized test MSE", xScale: .logarithmic)
        plot.addSeries("3-layer, layer-wise", x: x, y: means(\.threeLayer))
        plot.addSeries("RBF kernel ridge", x: x, y: means(\.kernelRidge))
        plot.addSeries("2-layer, Adam", x: x, y: means(\.twoLayer))
        plot.addSeries("|corr(φ, p)| (3-layer feature)", x: x, y: means(\.featureCorrelation))
        try plot.write(to: configuration.file("errors.svg"))

        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "d": "\(d)", "n": sizes.map(String.init).joined(separator: ","),
                "m2 (random features)": "\(innerWidth)",
                "m1 (middle width)": "\(middleWidth)", "test_samples": "\(testCount)",
                "stage-2 bias range": "±\(biasRange)", "two_layer_width": "\(baseline.width)",
                "two_layer_steps": "\(baseline.steps)", "two_layer_learning_rate": "\(baseline.learningRate)",
                "ridges": "1e-4…1e5", "rbf γ·d": Self.kernelScales.map { "\($0)" }.joined(separator: ","),
            ],
            seeds: seeds, claims: claims,
            notes: [
                "kernel ridge choices at n = \(largest) (leave-one-out): " + kernelChoices.joined(separator: "; "),
                String(
                    format:
                        "control g = z³/√15 (E g′(Z) ≠ 0), n = %d: 3-layer normalized MSE %.3f, |corr(φ, p)| %.3f (means over seeds)",
                    largest, Statistics.mean(control.map(\.error)), Statistics.mean(control.map(\.correlation))),
            ]
                + sizes.indices.map { i in
                    String(
                        format: "n = %d: 3-layer %.3f, |corr| %.3f, KRR %.3f, 2-layer %.3f (means over seeds)",
                        sizes[i],
                        means(\.threeLayer)[i], means(\.featureCorrelation)[i], means(\.kernelRidge)[i],
                        means(\.twoLayer)[i])
                },
            files: ["errors.csv", "control_cube.csv", "errors.svg"])
    }

    /// The layer-wise network trained on (`x` `[n, d]`, `y` `[n]`): stage 1 on the first half, stage 2 on the rest.
    static func threeLayer(
        _ x: Tensor, _ y: Tensor, d: Int, innerWidth: Int, middleWidth: Int, biasRange: Double,
        using generator: inout RandomGenerator
    ) throws -> LayerwiseThreeLayerNetwork {
        let n = x.shape[0]
        let half = n / 2
        let network = LayerwiseThreeLayerNetwork(
            dimension: d, innerWidth: innerWidth, middleWidth: middleWidth, biasRange: biasRange, using: &generator)
        network.trainFeature(
            inputs: x.narrowed(axis: 0, start: 0, length: half), targets: y.narrowed(axis: 0, start: 0, length: half))
        try network.fitOuter(
            inputs: x.narrowed(axis: 0, start: half, length: n - half),
            targets: y.narrowed(axis: 0, start: half, length: n - half), ridges: ridges, using: &generator)
        return network
    }

    /// RBF kernel ridge on (`x`, `y`) with γ and λ jointly chosen by leave-one-out; its predictions at `test`.
    static func kernelRidge(_ x: Tensor, _ y: Tensor, d: Int, test: Tensor) throws -> (
        predictions: Tensor, scale: Double, ridge: Double
    ) {
        var best: (scale: Double, ridge: Double, error: Double, regression: KernelRidgeRegression)?
        for scale in kernelScales {
            let regression = try KernelRidgeRegression(kernel: GaussianKernel(gamma: scale / Double(d)).matrix(x, x))
            let selection = regression.leaveOneOutSelection(y, candidates: ridges)
            if best == nil || selection.error < best!.error {
                best = (scale, selection.ridge, selection.error, regression)
            }
        }
        let chosen = best!
        let crossKernel = GaussianKernel(gamma: chosen.scale / Double(d)).matrix(test, x)
        return (crossKernel.matmul(chosen.regression.coefficients(y, ridge: chosen.ridge)), chosen.scale, chosen.ridge)
    }

    /// mean (ŷ − y)² / mean (y − ȳ)².
    static func normalizedError(_ prediction: Tensor, _ truth: Tensor) -> Double {
        (prediction - truth).square().mean().item() / (truth - truth.mean()).square().mean().item()
    }

    /// The Pearson correlation of two `[n]` tensors.
    static func correlation(_ a: Tensor, _ b: Tensor) -> Double {
        let ca = a - a.mean()
        let cb = b - b.mean()
        return (ca * cb).sum().item() / (ca.norm().item() * cb.norm().item())
    }
}
