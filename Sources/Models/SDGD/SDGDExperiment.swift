import Autograd
import Foundation
import Layers
import Tensor

/// Stochastic dimension gradient descent for PINNs (row 7 of PLAN.md; Hu, Shukla, Karniadakis, Kawaguchi, 2024), on
/// the two-body Poisson problem of the authors' `Section_5.1/Poisson.py`.
///
/// Δu = f in the unit ball of ℝᵈ, u = 0 on the sphere, with u* = (1 − |x|²)·Σᵢ₌₁^{d−1} cᵢ sin(xᵢ + cos xᵢ₊₁ +
/// xᵢ₊₁ cos xᵢ), c ~ N(0, I) drawn per seed. The network is u = (1 − |x|²)·g(x), g a tanh MLP d → 128 → 128 → 128 → 1,
/// so the boundary condition holds exactly. Each Adam step draws 100 points in the ball (the authors' sampler: uniform
/// direction, radius uniform in [0, 1]) and k = 4 of the d dimensions, and minimizes mean((Δ̂u − f)²) with the
/// unbiased estimate Δ̂u = (d/k)·Σ_{i∈I} ∂²u/∂xᵢ²; per dimension
/// ∂ᵢᵢu = φ·∂ᵢᵢg − 4xᵢ·∂ᵢg − 2g (φ = 1 − |x|²), the ∂ᵢg and ∂ᵢᵢg from the forward Laplacian restricted to I.
/// Learning rate 1e-3 decayed linearly to 0, as in the authors' code. The figure is the relative L2 error on test
/// points drawn the same way. The cost claim times training steps (loss, backward, Adam) of the full forward
/// Laplacian against SDGD's, interleaved, at several d, and compares the medians of their process CPU time (the
/// machine is shared; wall-clock medians are reported beside them).
public struct SDGDExperiment: Experiment {
    public init() {}
    public let name = "sdgd"
    public let summary =
        "SDGD PINN: 100-D two-body Poisson in the unit ball to rel-L2 < 5e-2; step time full Laplacian / SDGD ≥ 5 "
        + "(d = 100) and ≥ 30 (d = 1000)"
    public let paper =
        "Hu, Shukla, Karniadakis, Kawaguchi, Tackling the curse of dimensionality with physics-informed neural "
        + "networks (Neural Networks 2024)"

    /// The sizes of one run.
    struct Setup {
        var dimension: Int
        var width: Int
        var sampledDimensions: Int
        var points: Int
        var steps: Int
        var testPoints: Int
        var evaluationInterval: Int
        var learningRate = 1e-3
    }

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let setup = Setup(
            dimension: configuration.value(full: 100, quick: 100, toy: 8),
            width: configuration.value(full: 128, quick: 128, toy: 16),
            sampledDimensions: configuration.value(full: 4, quick: 4, toy: 2),
            points: configuration.value(full: 100, quick: 100, toy: 32),
            steps: configuration.value(full: 3000, quick: 600, toy: 40),
            testPoints: configuration.value(full: 20_000, quick: 5000, toy: 300),
            evaluationInterval: configuration.value(full: 100, quick: 50, toy: 10))
        let seeds = configuration.seeds()
        var errors: [Double] = []
        var curves = CSVTable()
        var plot = LinePlot(
            title: "SDGD, d = \(setup.dimension), k = \(setup.sampledDimensions): relative L2 error",
            xLabel: "Adam step", yLabel: "relative L2 error", yScale: .logarithmic)
        var notes: [String] = []
        for seed in seeds {
            let start = Date()
            let curve = Self.train(setup, seed: seed)
            let seconds = Date().timeIntervalSince(start)
            errors.append(curve.last!.error)
            if curves.names.isEmpty { curves.add("step", curve.map { Double($0.step) }) }
            curves.add("rel_l2_seed\(seed)", curve.map(\.error))
            plot.addSeries("seed \(seed)", x: curve.map { Double($0.step) }, y: curve.map(\.error))
            notes.append(
                String(
                    format: "seed %llu: relative L2 %.3e after %d steps in %.1f s (%.1f ms per step, with evaluation)",
                    seed, curve.last!.error, setup.steps, seconds, 1000 * seconds / Double(setup.steps)))
            print(notes.last!)
        }
        try curves.write("training.csv", into: configuration.outputDirectory)
        try plot.write(to: configuration.file("training.svg"))

        let timedDimensions = configuration.value(full: [100, 300, 1000], quick: [100, 1000], toy: [8, 16])
        let rounds = configuration.value(full: 7, quick: 3, toy: 2)
        var timings = CSVTable()
        var fullTimes: [Double] = []
        var sampledTimes: [Double] = []
        var fullWall: [Double] = []
        var sampledWall: [Double] = []
        for dimension in timedDimensions {
            var timingSetup = setup
            timingSetup.dimension = dimension
            let (full, sampled) = Self.stepTimes(timingSetup, rounds: rounds, seed: configuration.baseSeed)
            fullTimes.append(Statistics.median(full.map(\.cpu)))
            sampledTimes.append(Statistics.median(sampled.map(\.cpu)))
            fullWall.append(Statistics.median(full.map(\.wall)))
            sampledWall.append(Statistics.median(sampled.map(\.wall)))
            notes.append(
                String(
                    format: "d = %d: median step CPU time %.2f ms (full forward Laplacian) vs %.2f ms (SDGD, k = %d): "
                        + "ratio %.1f; wall clock %.2f vs %.2f ms: ratio %.1f",
                    dimension, 1000 * fullTimes.last!, 1000 * sampledTimes.last!, setup.sampledDimensions,
                    fullTimes.last! / sampledTimes.last!, 1000 * fullWall.last!, 1000 * sampledWall.last!,
                    fullWall.last! / sampledWall.last!))
            print(notes.last!)
        }
        timings.add("dimension", timedDimensions.map(Double.init))
        timings.add("full_cpu_seconds", fullTimes)
        timings.add("sdgd_cpu_seconds", sampledTimes)
        timings.add("full_wall_seconds", fullWall)
        timings.add("sdgd_wall_seconds", sampledWall)
        try timings.write("step_times.csv", into: configuration.outputDirectory)
        var timePlot = LinePlot(
            title: "Training step CPU time (median of \(rounds), batch \(setup.points), width \(setup.width))",
            xLabel: "dimension d", yLabel: "CPU seconds per step", xScale: .logarithmic, yScale: .logarithmic)
        timePlot.addSeries("full forward Laplacian", x: timedDimensions.map(Double.init), y: fullTimes)
        timePlot.addSeries("SDGD, k = \(setup.sampledDimensions)", x: timedDimensions.map(Double.init), y: sampledTimes)
        try timePlot.write(to: configuration.file("step_times.svg"))

        let ratio = { (dimension: Int) -> Double in
            let index = timedDimensions.firstIndex(of: dimension)!
            return fullTimes[index] / sampledTimes[index]
        }
        let small = timedDimensions.first!
        let large = timedDimensions.last!
        let claims = [
            Claim(
                name: "relative L2 error, d = \(setup.dimension)",
                statement: "SDGD solves the \(setup.dimension)-D two-body Poisson problem to relative L2 < 5e-2",
                measured: Estimate(values: errors), condition: .below(5e-2)),
            Claim(
                name: "step time ratio, d = \(small)",
                statement:
                    "a full-Laplacian PINN step costs ≥ 5× an SDGD step at d = \(small) "
                    + "(CPU time, median of \(rounds))",
                measured: .exact(ratio(small)), condition: .atLeast(5)),
            Claim(
                name: "step time ratio, d = \(large)",
                statement:
                    "a full-Laplacian PINN step costs ≥ 30× an SDGD step at d = \(large) "
                    + "(CPU time, median of \(rounds))",
                measured: .exact(ratio(large)), condition: .atLeast(30)),
        ]
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "dimension": "\(setup.dimension)", "width": "\(setup.width)", "depth": "3 hidden tanh layers",
                "sampled_dimensions": "\(setup.sampledDimensions)", "collocation_points": "\(setup.points)",
                "adam_steps": "\(setup.steps)", "learning_rate": "1e-3, linear decay to 0",
                "test_points": "\(setup.testPoints)", "dtype": "float32",
                "timed_dimensions": timedDimensions.map(String.init).joined(separator: ","),
                "timing_rounds": "\(rounds)",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: ["training.csv", "training.svg", "step_times.csv", "step_times.svg"])
    }

    /// Trains one network by SDGD; returns the relative L2 error every `evaluationInterval` steps and at the end.
    static func train(_ setup: Setup, seed: UInt64) -> [(step: Int, error: Double)] {
        var generator = RandomGenerator(seed: seed)
        let problem = TwoBodyPoisson(dimension: setup.dimension, using: &generator)
        let network = Self.network(setup, using: &generator)
        let test = TwoBodyPoisson.points(count: setup.testPoints, dimension: setup.dimension, using: &generator)
        let reference = Tensor(problem.solution(at: test), shape: [setup.testPoints])
        let adam = Adam(parameters: network.parameters(), learningRate: setup.learningRate)
        var curve: [(step: Int, error: Double)] = []
        for step in 0..<setup.steps {
            if step % setup.evaluationInterval == 0 {
                curve.append((step, relativeError(network, test: test, reference: reference)))
            }
            adam.learningRate = setup.learningRate * (1 - Double(step) / Double(setup.steps))
            let sample = DimensionSample(
                dimension: setup.dimension, count: setup.sampledDimensions, using: &generator)
            sampledLoss(network, problem: problem, setup: setup, sample: sample, using: &generator).backward()
            adam.step()
        }
        curve.append((setup.steps, relativeError(network, test: test, reference: reference)))
        return curve
    }

    static func network(_ setup: Setup, using generator: inout RandomGenerator) -> MLP {
        MLP([setup.dimension, setup.width, setup.width, setup.width, 1], activation: .tanh, using: &generator)
    }

    /// mean((Δ̂u − f)²) over fresh points, Δ̂u estimated from the sampled dimensions.
    static func sampledLoss(
        _ network: MLP, problem: TwoBodyPoisson, setup: Setup, sample: DimensionSample,
        using generator: inout RandomGenerator
    ) -> Variable {
        let points = TwoBodyPoisson.points(count: setup.points, dimension: setup.dimension, using: &generator)
        let (g, gradient, hessianDiagonal) = ForwardLaplacian.derivativesWithHessianDiagonal(
            of: network, at: Variable(points), dimensions: sample.indices)
        let phi = Variable(1 - points.square().sum(axes: [1], keepDims: true))  // [N, 1]
        let sampledPoints = points.indexSelected(axis: 1, indices: Tensor(sample.indices.map(Int64.init)))  // [N, k]
        // ∂ᵢᵢu = φ·∂ᵢᵢg − 4xᵢ·∂ᵢg − 2g for each sampled i: [N, k].
        let second = phi * hessianDiagonal.squeezed(axis: 2) - Variable(sampledPoints) * gradient.squeezed(axis: 2) * 4
        let estimate = sample.laplacianEstimate(from: second - g * 2)
        let source = Tensor(problem.source(at: points), shape: [setup.points], dtype: .float32)
        return (estimate - Variable(source)).square().mean()
    }

    /// The same loss with the exact Laplacian of the full forward Laplacian: Δu = φ·Δg − 4x·∇g − 2d·g.
    static func fullLoss(
        _ network: MLP, problem: TwoBodyPoisson, setup: Setup, using generator: inout RandomGenerator
    ) -> Variable {
        let points = TwoBodyPoisson.points(count: setup.points, dimension: setup.dimension, using: &generator)
        let (g, gradient, laplacian) = ForwardLaplacian.derivatives(of: network, at: Variable(points))
        let phi = Variable(1 - points.square().sum(axes: [1], keepDims: true))
        let drift = (Variable(points) * gradient.squeezed(axis: 2)).sum(axes: [1], keepDims: true)
        let exact = phi * laplacian - drift * 4 - g * Double(2 * setup.dimension)
        let source = Tensor(problem.source(at: points), shape: [setup.points, 1], dtype: .float32)
        return (exact - Variable(source)).square().mean()
    }

    /// The cost of one training step: the CPU seconds of the process (all threads) and the wall-clock seconds.
    struct StepCost {
        var cpu: Double
        var wall: Double
    }

    /// The costs of `rounds` training steps (loss, backward, Adam) of each method at `setup.dimension`, interleaved.
    static func stepTimes(_ setup: Setup, rounds: Int, seed: UInt64) -> (full: [StepCost], sampled: [StepCost]) {
        var generator = RandomGenerator(seed: seed)
        let problem = TwoBodyPoisson(dimension: setup.dimension, using: &generator)
        let network = Self.network(setup, using: &generator)
        let adam = Adam(parameters: network.parameters(), learningRate: setup.learningRate)
        var full: [StepCost] = []
        var sampled: [StepCost] = []
        func measure(_ step: () -> Void) -> StepCost {
            let (cpu, wall) = (processCPUSeconds(), Date())
            step()
            return StepCost(cpu: processCPUSeconds() - cpu, wall: Date().timeIntervalSince(wall))
        }
        // One untimed step of each first (buffer cache, BLAS thread pool).
        for round in -1..<rounds {
            let fullCost = measure {
                fullLoss(network, problem: problem, setup: setup, using: &generator).backward()
                adam.step()
            }
            let sampledCost = measure {
                let sample = DimensionSample(
                    dimension: setup.dimension, count: setup.sampledDimensions, using: &generator)
                sampledLoss(network, problem: problem, setup: setup, sample: sample, using: &generator).backward()
                adam.step()
            }
            if round >= 0 {
                full.append(fullCost)
                sampled.append(sampledCost)
            }
        }
        return (full, sampled)
    }

    /// The CPU time the process has used, all threads (CLOCK_PROCESS_CPUTIME_ID): unlike wall-clock time, it does
    /// not count the time other jobs hold the cores.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// ‖u − u*‖ / ‖u*‖ at the test points.
    static func relativeError(_ network: MLP, test: Tensor, reference: Tensor) -> Double {
        let u = withoutGradients {
            let g = network(Variable(test)).value.reshaped([-1]).cast(to: .float64)
            return (1 - test.square().sum(axes: [1]).cast(to: .float64)) * g
        }
        return (u - reference).norm().item() / reference.norm().item()
    }
}
