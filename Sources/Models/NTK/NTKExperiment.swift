import Autograd
import Foundation
import Layers
import Tensor

/// The neural tangent kernel (Jacot, Gabriel & Hongler, NeurIPS 2018): depth-4 ReLU networks in the NTK
/// parameterization (β = 0.1) on inputs (cos γ, sin γ) of the unit circle.
///
/// Three measurements per width and seed: the relative distance of the empirical kernel at initialization to the
/// analytic limit Θ_∞ on 100 circle points; the relative change of the empirical kernel over 200 full-batch gradient
/// steps on 4 points with ±1 targets; and, at the widest width, the sup distance over the circle between the trained
/// network and kernel regression with Θ_∞ started from the network's initial function,
/// f₀(x) + Θ_∞(x, X)Θ_∞(X, X)⁻¹(y − f₀(X)) (the limit of kernel gradient flow).
public struct NTKExperiment: Experiment {
    public init() {}
    public let name = "ntk"
    public let summary =
        "NTK: empirical kernel → arc-cosine limit as width^−½, kernel drift falls with width, wide net ≈ kernel regression"
    public let paper =
        "Neural Tangent Kernel: Convergence and Generalization in Neural Networks (Jacot, Gabriel & Hongler, NeurIPS 2018)"

    static let biasScale = 0.1
    static let layers = 4
    static let learningRate = 1.0
    static let trainingAngles = [0.3, 1.8, 3.4, 4.9]
    static let trainingTargets = [1.0, -1.0, 1.0, -1.0]

    static func circle(_ angles: [Double]) -> Tensor {
        let t = Tensor(angles)
        return Tensor.stacked([t.cos(), t.sin()], axis: 1)
    }

    /// What one network shows.
    struct Measurement {
        var initialDeviation = 0.0
        var drift = 0.0
        var supDistance = 0.0
        /// The same against kernel regression with the network's own kernel at initialization, Θ₀.
        var supDistanceInitialKernel = 0.0
        var trainingResidual = 0.0
        var network: [Double] = []
        var kernelRegression: [Double] = []
    }

    static func measure(width: Int, seed: UInt64, steps: Int, grid: Tensor, limit: Tensor) -> Measurement {
        var generator = RandomGenerator(seed: seed &* 1_000_003 &+ UInt64(width))
        let sizes = [2] + Array(repeating: width, count: layers - 1) + [1]
        let mlp = MLP.ntkParameterized(sizes, activation: .relu, biasScale: biasScale, using: &generator)
        var result = Measurement()
        let inputs = circle(trainingAngles)
        let pointCount = grid.shape[0]
        // Θ₀ on the grid and the training points together: [grid; inputs].
        let initialJoint = NeuralTangentKernel.empirical(of: mlp, at: Tensor.concatenated([grid, inputs], axis: 0))
        let initialKernel = initialJoint.narrowed(axis: 0, start: 0, length: pointCount)
            .narrowed(axis: 1, start: 0, length: pointCount)
        result.initialDeviation = (initialKernel - limit).norm().item() / limit.norm().item()

        let targets = Tensor(trainingTargets, shape: [4, 1])
        let initialAtGrid = withoutGradients { mlp(Variable(grid)).value }
        let initialAtInputs = withoutGradients { mlp(Variable(inputs)).value }
        let optimizer = SGD(parameters: mlp.parameters(), learningRate: learningRate)
        for _ in 0..<steps {
            ((mlp(Variable(inputs)) - Variable(targets)).square().sum() * 0.5).backward()
            optimizer.step()
        }
        let trainedKernel = NeuralTangentKernel.empirical(of: mlp, at: grid)
        result.drift = (trainedKernel - initialKernel).norm().item() / initialKernel.norm().item()
        result.trainingResidual = withoutGradients { (mlp(Variable(inputs)).value - targets).abs().max().item() }

        // Kernel regression with Θ_∞ from f₀.
        let trainKernel = NeuralTangentKernel.reluLimit(inputs, inputs, layers: layers, biasScale: biasScale)
        let crossKernel = NeuralTangentKernel.reluLimit(grid, inputs, layers: layers, biasScale: biasScale)
        let initialTrain = initialJoint.narrowed(axis: 0, start: pointCount, length: 4)
            .narrowed(axis: 1, start: pointCount, length: 4)
        let initialCross = initialJoint.narrowed(axis: 0, start: 0, length: pointCount)
            .narrowed(axis: 1, start: pointCount, length: 4)
        let prediction: Tensor
        let initialKernelPrediction: Tensor
        do {
            prediction = initialAtGrid + crossKernel.matmul(try Linalg.solve(trainKernel, targets - initialAtInputs))
            initialKernelPrediction =
                initialAtGrid + initialCross.matmul(try Linalg.solve(initialTrain, targets - initialAtInputs))
        } catch {
            preconditionFailure("ntk: a tangent kernel on the 4 training points is singular (\(error))")
        }
        let trained = withoutGradients { mlp(Variable(grid)).value }
        result.supDistance = (trained - prediction).abs().max().item()
        result.supDistanceInitialKernel = (trained - initialKernelPrediction).abs().max().item()
        result.network = trained.toDoubles()
        result.kernelRegression = prediction.toDoubles()
        return result
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let widths = configuration.value(
            full: [100, 200, 500, 1000, 2000], quick: [50, 100, 200, 400], toy: [8, 16, 32, 64])
        let seeds = configuration.seeds(full: 10, quick: 2, toy: 2)
        let steps = configuration.value(full: 200, quick: 200, toy: 20)
        let pointCount = configuration.value(full: 100, quick: 100, toy: 20)
        let angles = (0..<pointCount).map { 2 * Double.pi * Double($0) / Double(pointCount) }
        let grid = Self.circle(angles)
        let limit = NeuralTangentKernel.reluLimit(grid, grid, layers: Self.layers, biasScale: Self.biasScale)

        var measurements: [[Measurement]] = []  // [width][seed]
        let start = Date()
        for width in widths {
            var row: [Measurement] = []
            for seed in seeds {
                row.append(Self.measure(width: width, seed: seed, steps: steps, grid: grid, limit: limit))
            }
            measurements.append(row)
            print(
                String(
                    format: "width %5d: ‖Θ₀ − Θ_∞‖/‖Θ_∞‖ %.4f, drift %.4f, sup |net − kernel regression| %.4f (%.1f s)",
                    width, Statistics.mean(row.map(\.initialDeviation)), Statistics.mean(row.map(\.drift)),
                    Statistics.mean(row.map(\.supDistance)), Date().timeIntervalSince(start)))
        }
        let x = widths.flatMap { width in seeds.map { _ in Double(width) } }
        let deviationFit = LineFit.logLog(x: x, y: measurements.flatMap { $0.map(\.initialDeviation) })
        let driftFit = LineFit.logLog(x: x, y: measurements.flatMap { $0.map(\.drift) })
        let widest = measurements.last!
        let claims = [
            Claim(
                name: "init deviation slope in width",
                statement:
                    "‖Θ_emp − Θ_∞‖/‖Θ_∞‖ at initialization shrinks with width n as n^−½ (log-log slope in [−0.7, −0.3])",
                measured: deviationFit.slope, condition: .between(-0.7, -0.3)),
            Claim(
                name: "training drift slope in width",
                statement: "the kernel moves less during training as width grows (log-log slope of the drift ≤ −0.3)",
                measured: driftFit.slope, condition: .atMost(-0.3)),
            Claim(
                name: "sup |net − kernel regression|, width \(widths.last!)",
                statement:
                    "the trained wide network is within 0.05 (sup over the circle) of kernel regression with Θ_∞",
                measured: Estimate(values: widest.map(\.supDistance)), condition: .below(0.05)),
        ]

        var table = CSVTable()
        table.add("width", x)
        table.add("initial_deviation", measurements.flatMap { $0.map(\.initialDeviation) })
        table.add("drift", measurements.flatMap { $0.map(\.drift) })
        table.add("sup_distance", measurements.flatMap { $0.map(\.supDistance) })
        table.add("sup_distance_initial_kernel", measurements.flatMap { $0.map(\.supDistanceInitialKernel) })
        try table.write("widths.csv", into: configuration.outputDirectory)
        var functions = CSVTable()
        functions.add("angle", angles)
        functions.add("network", widest[0].network)
        functions.add("kernel_regression", widest[0].kernelRegression)
        try functions.write("functions.csv", into: configuration.outputDirectory)
        try plots(widths: widths, measurements: measurements, angles: angles, into: configuration.outputDirectory)

        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "widths": widths.map(String.init).joined(separator: ","), "depth": "\(Self.layers)",
                "beta": "\(Self.biasScale)", "steps": "\(steps)", "learning_rate": "\(Self.learningRate)",
                "circle_points": "\(pointCount)", "dtype": "float64",
            ],
            seeds: seeds, claims: claims,
            notes: [
                String(
                    format: "fits: deviation slope %.3f (R² %.3f), drift slope %.3f (R² %.3f)", deviationFit.slope.mean,
                    deviationFit.rSquared, driftFit.slope.mean, driftFit.rSquared),
                "sup |net − kernel regression with the network's own Θ₀| per width (mean over seeds): "
                    + zip(widths, measurements).map {
                        String(format: "%d: %.4f", $0, Statistics.mean($1.map(\.supDistanceInitialKernel)))
                    }.joined(separator: ", "),
                "sup |net − kernel regression with Θ_∞| per width (mean over seeds): "
                    + zip(widths, measurements).map {
                        String(format: "%d: %.4f", $0, Statistics.mean($1.map(\.supDistance)))
                    }
                    .joined(separator: ", "),
                "max training residual after \(steps) steps at the widest width: "
                    + String(format: "%.2e", widest.map(\.trainingResidual).max()!),
                "mean deviation per width: "
                    + zip(widths, measurements).map {
                        String(format: "%d: %.4f", $0, Statistics.mean($1.map(\.initialDeviation)))
                    }
                    .joined(separator: ", "),
                "mean drift per width: "
                    + zip(widths, measurements).map { String(format: "%d: %.4f", $0, Statistics.mean($1.map(\.drift))) }
                    .joined(separator: ", "),
            ],
            files: ["widths.csv", "functions.csv", "kernel.svg", "functions.svg"])
    }

    private func plots(widths: [Int], measurements: [[Measurement]], angles: [Double], into folder: URL) throws {
        var kernel = LinePlot(
            title: "NTK: distance to the limit at init and drift in training", xLabel: "width",
            yLabel: "relative Frobenius distance", xScale: .logarithmic, yScale: .logarithmic)
        let w = widths.map(Double.init)
        kernel.addSeries("‖Θ₀ − Θ_∞‖/‖Θ_∞‖", x: w, y: measurements.map { Statistics.mean($0.map(\.initialDeviation)) })
        kernel.addSeries("‖Θ_T − Θ₀‖/‖Θ₀‖", x: w, y: measurements.map { Statistics.mean($0.map(\.drift)) })
        kernel.addSeries("n^−½", x: w, y: w.map { 1 / $0.squareRoot() })
        try kernel.write(to: folder.appendingPathComponent("kernel.svg"))
        var functions = LinePlot(
            title: "Trained network vs kernel regression (width \(widths.last!))", xLabel: "angle γ",
            yLabel: "f(cos γ, sin γ)")
        functions.addSeries("network", x: angles, y: measurements.last![0].network)
        functions.addSeries("kernel regression (Θ_∞)", x: angles, y: measurements.last![0].kernelRegression)
        try functions.write(to: folder.appendingPathComponent("functions.svg"))
    }
}
