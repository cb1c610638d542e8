import Autograd
import Foundation
import Layers
import Tensor

/// SLIM-KL (row 3 of PLAN.md; Suwandi, Lin, Yin, Wang and Theodoridis, 2023): Gaussian-process regression with the
/// grid spectral-mixture product (GSMP) kernel, whose nonnegative sub-kernel weights are learned by successive convex
/// approximation (centralized), by consensus ADMM over agents with SCA local steps, and by the same ADMM with 8-bit
/// messages; against an SE-ARD GP.
///
/// Data per seed: x ~ U[0, 1]², f = sin(6πx₁)cos(3πx₂) + 0.5·sin(14πx₁), y = f + N(0, 0.1²); N training points split
/// in J = 4 equal agents, test points scored against f. GSMP: 8 × 8 sub-kernels, the Cartesian product of 8 frequencies
/// linspace(0, 8) per axis, envelope ℓ = 1/(2π·Δμ/2) (Δμ the grid spacing); weights start at var(y)/M; σ² = 0.01 known
/// (both models). SE-ARD: two lengthscales and the signal variance by L-BFGS on the negative log marginal likelihood.
/// Predictions of every GSMP fit are the posterior mean on all N training points with its weights.
public struct SLIMKLExperiment: Experiment {
    public init() {}
    public let name = "slim-kl"
    public let summary =
        "GSMP-kernel GP with sparse nonnegative weights: centralized SCA, consensus ADMM over 4 agents, 8-bit ADMM, vs SE-ARD"
    public let paper =
        "Suwandi, Lin, Yin, Wang and Theodoridis, Sparsity-Aware Distributed Learning for Gaussian Processes with "
        + "Linear Multiple Kernel (2023)"

    static let agents = 4
    static let noiseVariance = 0.01
    static let bits = 8

    struct Sizes {
        let training: Int
        let test: Int
        let frequenciesPerAxis: Int
        let outerIterations: Int
        let newtonSteps: Int
        let rounds: Int
        let baselineIterations: Int
    }

    static func target(_ x1: Double, _ x2: Double) -> Double {
        sin(6 * Double.pi * x1) * cos(3 * Double.pi * x2) + 0.5 * sin(14 * Double.pi * x1)
    }

    /// The sub-kernel grid with weights α.
    static func kernel(weights: [Double], frequenciesPerAxis: Int) -> GridSpectralMixtureProductKernel {
        let frequencies = (0..<frequenciesPerAxis).map { 8 * Double($0) / Double(frequenciesPerAxis - 1) }
        let spacing = 8 / Double(frequenciesPerAxis - 1)
        let lengthscale = 1 / (2 * Double.pi * spacing / 2)
        return GridSpectralMixtureProductKernel(
            weights: Variable(Tensor(weights, shape: [weights.count], dtype: .float64)),
            axisFrequencies: [frequencies, frequencies], lengthscales: [lengthscale, lengthscale])
    }

    /// One seed's outcome.
    struct Outcome {
        var mse: [String: Double] = [:]
        var weights: [String: [Double]] = [:]
        var zeroFraction: [String: Double] = [:]
        var objective: [String: Double] = [:]
        var seconds: [String: Double] = [:]
        var residuals: [[Double]] = []
        var bits: [String: Int] = [:]
        var baselineHyperparameters: [Double] = []
    }

    static let methods = ["central", "admm", "admm8"]

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let sizes = configuration.value(
            full: Sizes(
                training: 1200, test: 400, frequenciesPerAxis: 8, outerIterations: 15, newtonSteps: 3, rounds: 60,
                baselineIterations: 30),
            quick: Sizes(
                training: 400, test: 200, frequenciesPerAxis: 8, outerIterations: 10, newtonSteps: 2, rounds: 25,
                baselineIterations: 15),
            toy: Sizes(
                training: 120, test: 40, frequenciesPerAxis: 4, outerIterations: 3, newtonSteps: 2, rounds: 6,
                baselineIterations: 4))
        let seeds = configuration.seeds()
        var outcomes: [Outcome] = []
        var notes: [String] = []
        for seed in seeds {
            let outcome = try Self.runSeed(seed, sizes: sizes)
            outcomes.append(outcome)
            let line = String(
                format:
                    "seed %llu: test MSE SE-ARD %.4g, GSMP central %.4g, ADMM %.4g, 8-bit ADMM %.4g; zero weights %.2f / %.2f / %.2f; "
                    + "ℓ central %.2f, Σℓ_j ADMM %.2f; s: SE %.1f, central %.1f, ADMM %.1f, 8-bit %.1f",
                seed, outcome.mse["se"]!, outcome.mse["central"]!, outcome.mse["admm"]!, outcome.mse["admm8"]!,
                outcome.zeroFraction["central"]!, outcome.zeroFraction["admm"]!, outcome.zeroFraction["admm8"]!,
                outcome.objective["central"]!, outcome.objective["admm"]!, outcome.seconds["se"]!,
                outcome.seconds["central"]!, outcome.seconds["admm"]!, outcome.seconds["admm8"]!)
            notes.append(line)
            print(line)
        }
        func values(_ key: String) -> [Double] { outcomes.map { $0.mse[key]! } }
        func ratio(_ a: String, _ b: String) -> Estimate { Estimate(values: zip(values(a), values(b)).map { $0 / $1 }) }
        let bitRatio = Double(outcomes[0].bits["admm8"]!) / Double(outcomes[0].bits["admm"]!)
        let claims = [
            Claim(
                name: "GSMP central / SE-ARD test MSE",
                statement: "the GSMP kernel (centralized SCA) has test MSE ≤ 0.7× the SE-ARD GP's",
                measured: ratio("central", "se"), condition: .atMost(0.7)),
            Claim(
                name: "GSMP ADMM / SE-ARD test MSE",
                statement: "GSMP learned by consensus ADMM over 4 agents has test MSE ≤ 0.7× the SE-ARD GP's",
                measured: ratio("admm", "se"), condition: .atMost(0.7)),
            Claim(
                name: "ADMM / central test MSE",
                statement: "distributed (ADMM) learning is within 10% of centralized learning (MSE ratio ≤ 1.1)",
                measured: ratio("admm", "central"), condition: .atMost(1.1)),
            Claim(
                name: "zero weights (central)",
                statement: "the maximum-likelihood GSMP weights are sparse: ≥ 60% exactly 0",
                measured: Estimate(values: outcomes.map { $0.zeroFraction["central"]! }), condition: .atLeast(0.6)),
            Claim(
                name: "8-bit ADMM / ADMM test MSE",
                statement: "8-bit quantized ADMM is within 10% of unquantized ADMM (MSE ratio ≤ 1.1)",
                measured: ratio("admm8", "admm"), condition: .atMost(1.1)),
            Claim(
                name: "8-bit / 64-bit bits sent",
                statement: "8-bit ADMM sends ≤ 1/4 of the bits of 64-bit ADMM",
                measured: .exact(bitRatio), condition: .atMost(0.25)),
        ]
        var table = CSVTable()
        table.add("seed", seeds.map(Double.init))
        for key in ["se"] + Self.methods { table.add("mse_\(key)", values(key)) }
        for key in Self.methods { table.add("zero_fraction_\(key)", outcomes.map { $0.zeroFraction[key]! }) }
        table.add("objective_central", outcomes.map { $0.objective["central"]! })
        table.add("objective_admm_sum", outcomes.map { $0.objective["admm"]! })
        for (index, name) in ["se_lengthscale_1", "se_lengthscale_2", "se_variance"].enumerated() {
            table.add(name, outcomes.map { $0.baselineHyperparameters[index] })
        }
        try table.write("mse.csv", into: configuration.outputDirectory)
        let first = outcomes[0]
        let grid = Self.kernel(
            weights: first.weights["central"]!, frequenciesPerAxis: sizes.frequenciesPerAxis
        ).frequencies
        var weightTable = CSVTable()
        weightTable.add("frequency_1", grid.selected(axis: 1, index: 0).toDoubles())
        weightTable.add("frequency_2", grid.selected(axis: 1, index: 1).toDoubles())
        for key in Self.methods { weightTable.add("weight_\(key)", first.weights[key]!) }
        try weightTable.write("weights.csv", into: configuration.outputDirectory)
        var residualTable = CSVTable()
        let rounds = (1...first.residuals.count).map(Double.init)
        residualTable.add("round", rounds)
        for (index, name) in ["primal_admm", "dual_admm", "primal_admm8", "dual_admm8"].enumerated() {
            residualTable.add(name, first.residuals.map { $0[index] })
        }
        try residualTable.write("residuals.csv", into: configuration.outputDirectory)
        var plot = LinePlot(
            title: "Consensus ADMM residuals (seed \(seeds[0]))", xLabel: "round", yLabel: "residual",
            yScale: .logarithmic)
        for (index, name) in ["primal, 64-bit", "dual, 64-bit", "primal, 8-bit", "dual, 8-bit"].enumerated() {
            plot.addSeries(name, x: rounds, y: first.residuals.map { $0[index] })
        }
        try plot.write(to: configuration.file("residuals.svg"))
        notes.append(
            String(
                format: "bits per seed: 64-bit ADMM %d, 8-bit ADMM %d (ratio %.3f)", first.bits["admm"]!,
                first.bits["admm8"]!, bitRatio))
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "training_points": "\(sizes.training)", "test_points": "\(sizes.test)", "agents": "\(Self.agents)",
                "sub_kernels": "\(sizes.frequenciesPerAxis * sizes.frequenciesPerAxis)",
                "sca_outer_iterations": "\(sizes.outerIterations)", "newton_steps": "\(sizes.newtonSteps)",
                "admm_rounds": "\(sizes.rounds)", "bits": "\(Self.bits)", "noise_variance": "\(Self.noiseVariance)",
                "se_ard_lbfgs_iterations": "\(sizes.baselineIterations)",
            ],
            seeds: seeds, claims: claims, notes: notes,
            files: ["mse.csv", "weights.csv", "residuals.csv", "residuals.svg"])
    }

    static func runSeed(_ seed: UInt64, sizes: Sizes) throws -> Outcome {
        var generator = RandomGenerator(seed: seed)
        let total = sizes.training + sizes.test
        let points = Tensor.uniform([total, 2], dtype: .float64, using: &generator)
        let coordinates = points.toDoubles()
        let clean = (0..<total).map { target(coordinates[2 * $0], coordinates[2 * $0 + 1]) }
        let noise = Tensor.normal(
            [total], standardDeviation: noiseVariance.squareRoot(), dtype: .float64, using: &generator
        ).toDoubles()
        let inputs = points[0..<sizes.training]
        let testInputs = points[sizes.training..<total]
        let targets = Tensor(
            (0..<sizes.training).map { clean[$0] + noise[$0] }, shape: [sizes.training], dtype: .float64)
        let testTargets = Array(clean[sizes.training...])
        func meanSquaredError(_ prediction: [Double]) -> Double {
            zip(prediction, testTargets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(sizes.test)
        }
        var outcome = Outcome()

        // SE-ARD baseline.
        var start = Date()
        let (baselinePrediction, hyperparameters) = try seARD(
            inputs: inputs, targets: targets, testInputs: testInputs, iterations: sizes.baselineIterations)
        outcome.mse["se"] = meanSquaredError(baselinePrediction)
        outcome.baselineHyperparameters = hyperparameters
        outcome.seconds["se"] = Date().timeIntervalSince(start)

        // GSMP sub-kernels: all training points, the cross matrices to the test points, each agent's block.
        let m = sizes.frequenciesPerAxis * sizes.frequenciesPerAxis
        let variance = targets.square().mean().item() - targets.mean().item() * targets.mean().item()
        let initial = [Double](repeating: variance / Double(m), count: m)
        let grid = kernel(weights: initial, frequenciesPerAxis: sizes.frequenciesPerAxis)
        let full = KernelWeightObjective(
            basis: grid.subKernelMatrices(inputs, inputs), targets: targets, noiseVariance: noiseVariance)
        let cross = grid.subKernelMatrices(testInputs, inputs)  // [M, T, N]
        let share = sizes.training / agents
        let locals = (0..<agents).map { j in
            let block = inputs[(j * share)..<((j + 1) * share)]
            return KernelWeightObjective(
                basis: grid.subKernelMatrices(block, block), targets: targets[(j * share)..<((j + 1) * share)],
                noiseVariance: noiseVariance)
        }
        func predict(_ weights: [Double]) throws -> [Double] {
            let solution = try full.factorize(weights).solution
            return KernelWeightObjective.combine(weights, cross).matmul(solution).reshaped([-1]).toDoubles()
        }
        func record(_ key: String, _ weights: [Double]) throws {
            outcome.weights[key] = weights
            outcome.mse[key] = meanSquaredError(try predict(weights))
            outcome.zeroFraction[key] = Double(weights.filter { $0 == 0 }.count) / Double(m)
        }

        // Centralized SCA.
        start = Date()
        let central = try full.minimize(
            from: initial, outerIterations: sizes.outerIterations, newtonSteps: sizes.newtonSteps)
        outcome.seconds["central"] = Date().timeIntervalSince(start)
        try record("central", central)
        outcome.objective["central"] = try full.factorize(central).value

        // Consensus ADMM, exact and 8-bit links; ρ₀ the mean over agents of the median curvature of yᵀC⁻¹y at the start.
        var curvatures: [Double] = []
        for objective in locals {
            let hessian = try objective.quadraticDerivatives(try objective.factorize(initial)).hessian
            curvatures.append((0..<m).map { hessian[$0 * m + $0] }.sorted()[m / 2])
        }
        let penalty = Statistics.mean(curvatures)
        var residuals: [[[Double]]] = []
        for key in ["admm", "admm8"] {
            start = Date()
            let quantizer =
                key == "admm8" ? UniformQuantizer(bits: bits, range: .adaptive, rounding: .stochastic) : nil
            var admm = ConsensusProximalADMM(
                initial: initial, agents: agents, penalty: penalty, projection: { $0.map { max($0, 0) } },
                uplink: quantizer, downlink: quantizer, balancing: ConsensusProximalADMM.ResidualBalancing())
            var warm = Array(repeating: initial, count: agents)
            var linkGenerator = generator.split()
            var history: [[Double]] = []
            for _ in 0..<sizes.rounds {
                try admm.round(
                    proximal: { j, anchor, rho in
                        warm[j] = try locals[j].minimize(
                            from: warm[j], proximal: (anchor, rho), outerIterations: 1, newtonSteps: sizes.newtonSteps)
                        return warm[j]
                    }, using: &linkGenerator)
                history.append([admm.primalResidual, admm.dualResidual])
            }
            outcome.seconds[key] = Date().timeIntervalSince(start)
            outcome.bits[key] = admm.bitsSent
            try record(key, admm.global)
            outcome.objective[key] = try locals.reduce(0.0) { $0 + (try $1.factorize(admm.global).value) }
            residuals.append(history)
        }
        outcome.residuals = (0..<sizes.rounds).map { residuals[0][$0] + residuals[1][$0] }
        return outcome
    }

    /// The SE-ARD GP: log-lengthscales and log-variance by L-BFGS on −log p(y), noise σ² fixed; the posterior mean at
    /// the test points and the fitted (ℓ₁, ℓ₂, σ_f²).
    static func seARD(inputs: Tensor, targets: Tensor, testInputs: Tensor, iterations: Int) throws
        -> ([Double], [Double])
    {
        let logLengthscales = Parameter(Tensor([log(0.2), log(0.2)], shape: [2], dtype: .float64))
        let variance = targets.square().mean().item()
        let logVariance = Parameter(Tensor(scalar: log(variance), dtype: .float64))
        let noise = Variable(Tensor(scalar: noiseVariance, dtype: .float64))
        func regression() throws -> GaussianProcessRegression {
            try GaussianProcessRegression(
                kernel: SquaredExponentialKernel(
                    logLengthscales: logLengthscales.variable, logVariance: logVariance.variable),
                inputs: inputs, targets: targets, noiseVariance: noise)
        }
        let optimizer = LBFGS(
            parameters: [logLengthscales, logVariance], maximumIterations: iterations, lineSearch: .strongWolfe)
        // K + σ²I with σ² = 0.01 is positive definite for every lengthscale and variance.
        optimizer.minimize { try! regression().negativeLogMarginalLikelihood() }
        let prediction = try withoutGradients { try regression().posteriorMean(at: testInputs).value.toDoubles() }
        return (prediction, logLengthscales.value.toDoubles().map { exp($0) } + [exp(logVariance.value.item())])
    }
}
