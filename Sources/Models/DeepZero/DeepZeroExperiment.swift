import Foundation
import Layers
import Tensor

/// DeepZero (Chen et al., ICLR 2024) at CPU scale: a 4-layer MLP (64 → 32 → 32 → 32 → 10, 4522 parameters) on
/// synthetic 10-class 8×8 images, trained from scratch by backpropagation, by sparse CGE (ZO-GraSP layer-wise
/// densities at 90% weight sparsity, dynamic random masks, feature reuse) and by RGE at the same number of queries per
/// step; and the wall-clock gain of feature reuse on a full CGE step.
public struct DeepZeroExperiment: Experiment {
    public init() {}
    public let name = "deepzero"
    public let summary =
        "Zeroth-order training: CGE beats RGE at equal queries, sparse CGE nears backprop, feature reuse speeds CGE up"
    public let paper =
        "DeepZero: Scaling up Zeroth-Order Optimization for Deep Model Training (Chen, Zhang, Jia, Diffenderfer, "
        + "Liu, Parasyris, Zhang, Zhang, Kailkhura, Liu; ICLR 2024)"

    static let dimensions = [64, 32, 32, 32, 10]
    /// The authors' defaults: μ = 5e-3, 90% sparsity, ZO-GraSP with q = 192 on 25 images per class.
    static let smoothing = 5e-3
    static let weightDensity = 0.1
    static let graspDirections = 192
    static let graspImagesPerClass = 25
    /// Each method's learning rate, the best of a grid in a 300-step development run on seed 1000 (outside the seeds
    /// a run reports; docs/experiments/deepzero.md lists the grids): backpropagation 0.1 (the authors' value), sparse
    /// CGE 0.3 (only a tenth of the weights move per step), RGE 0.03 (its estimate carries ~(P/q)‖∇ℓ‖² of variance).
    static let firstOrderLearningRate = 0.1
    static let coordinateLearningRate = 0.3
    static let randomDirectionsLearningRate = 0.03

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let trainCount = configuration.value(full: 20_000, quick: 6_000, toy: 400)
        let testCount = configuration.value(full: 2_000, quick: 1_000, toy: 200)
        let steps = configuration.value(full: 300, quick: 100, toy: 4)
        let batchSize = configuration.value(full: 64, quick: 64, toy: 16)
        let refreshInterval = configuration.value(full: 30, quick: 10, toy: 2)
        let timingRepeats = configuration.value(full: 2, quick: 1, toy: 1)
        let noise = 1.5
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let evaluationSteps = Array(stride(from: max(steps / 10, 1), through: steps, by: max(steps / 10, 1)))
        let training = DeepZeroTraining(
            dimensions: Self.dimensions, steps: steps, batchSize: batchSize, warmupSteps: max(steps * 3 / 50, 1),
            smoothing: Self.smoothing, evaluationSteps: evaluationSteps)
        let start = Date()

        var firstOrder: [DeepZeroTraining.Outcome] = []
        var coordinate: [DeepZeroTraining.Outcome] = []
        var random: [DeepZeroTraining.Outcome] = []
        var densities: [[Double]] = []
        var timings: [FeatureReuseTiming] = []
        for seed in seeds {
            var generator = RandomGenerator(seed: seed)
            let images = ShiftedTemplateImages(classes: 10, blur: 1, noise: noise, maxShift: 1, using: &generator)
            let train = images.sample(trainCount, using: &generator)
            let test = images.sample(testCount, using: &generator)
            let batches = Self.batches(count: trainCount, size: batchSize, steps: steps, using: &generator)
            let initialization = generator.next()

            let initial = training.initialModel(seed: initialization)
            let vector = ParameterVector(initial)
            let probe = Self.balancedSubset(train, perClass: Self.graspImagesPerClass, classes: 10)
            let weightBlocks = DeepZeroTraining.blocks(vector).weights
            let layerDensities = ZOGraSP.layerDensities(
                objective: MLPObjective(
                    initial, inputs: probe.inputs, loss: DeepZeroTraining.crossEntropy(labels: probe.labels)),
                at: vector.flattened(), weightRanges: weightBlocks, density: Self.weightDensity,
                directions: Self.graspDirections, smoothing: Self.smoothing, using: &generator)
            densities.append(layerDensities)

            let firstBatch = (
                inputs: train.inputs.indexSelected(axis: 0, indices: batches[0]),
                labels: train.labels.indexSelected(axis: 0, indices: batches[0])
            )
            timings.append(
                FeatureReuseTiming.measure(
                    initial, batch: firstBatch, smoothing: Self.smoothing, repeats: timingRepeats))

            var methodGenerator = generator
            firstOrder.append(
                training.train(
                    .firstOrder, learningRate: Self.firstOrderLearningRate, initialization: initialization, data: train,
                    batches: batches, test: test, using: &methodGenerator))
            coordinate.append(
                training.train(
                    .sparseCGE(weightDensities: layerDensities, refreshInterval: refreshInterval),
                    learningRate: Self.coordinateLearningRate, initialization: initialization, data: train,
                    batches: batches,
                    test: test, using: &methodGenerator))
            random.append(
                training.train(
                    .randomDirections(coordinate.last!.queriesPerStep - 1),
                    learningRate: Self.randomDirectionsLearningRate, initialization: initialization, data: train,
                    batches: batches, test: test, using: &methodGenerator))
            print(
                String(
                    format:
                        "seed %d: test accuracy FO %.3f, sparse CGE %.3f, RGE %.3f (%d queries/step); "
                        + "full CGE %.2f s plain, %.2f s with feature reuse (×%.2f); weight densities %@ (%.0f s)",
                    seed, firstOrder.last!.accuracy, coordinate.last!.accuracy, random.last!.accuracy,
                    coordinate.last!.queriesPerStep, timings.last!.plainSeconds, timings.last!.reuseSeconds,
                    timings.last!.speedup, layerDensities.map { String(format: "%.3f", $0) }.joined(separator: "/"),
                    Date().timeIntervalSince(start)))
        }

        var files = try writeTables(
            configuration, seeds: seeds, firstOrder: firstOrder, coordinate: coordinate, random: random,
            densities: densities, timings: timings, evaluationSteps: evaluationSteps)
        var plot = LinePlot(
            title: "DeepZero MLP (4522 parameters): test accuracy (mean over \(seeds.count) seeds)", xLabel: "step",
            yLabel: "test accuracy")
        let x = evaluationSteps.map(Double.init)
        for (label, outcomes) in [
            ("first order (backprop)", firstOrder), ("sparse CGE, feature reuse", coordinate),
            ("RGE, equal queries", random),
        ] {
            plot.addSeries(label, x: x, y: x.indices.map { i in Statistics.mean(outcomes.map { $0.curve[i] }) })
        }
        try plot.write(to: configuration.file("accuracy.svg"))
        files.append("accuracy.svg")

        let claims = [
            Claim(
                name: "CGE − RGE test accuracy (points)",
                statement: "at equal queries per step, sparse CGE trains to ≥ 5 points more test accuracy than RGE",
                measured: Estimate(values: zip(coordinate, random).map { 100 * ($0.accuracy - $1.accuracy) }),
                condition: .atLeast(5)),
            Claim(
                name: "sparse CGE / first-order test accuracy",
                statement: "sparse CGE (90% weight sparsity) reaches ≥ 0.9× the accuracy of backpropagation",
                measured: Estimate(values: zip(coordinate, firstOrder).map { $0.accuracy / $1.accuracy }),
                condition: .atLeast(0.9)),
            Claim(
                name: "full-CGE step time, plain / feature reuse",
                statement: "feature reuse makes a full CGE step ≥ 1.4× faster (wall clock)",
                measured: Estimate(values: timings.map(\.speedup)), condition: .atLeast(1.4)),
        ]
        let mean = { (outcomes: [DeepZeroTraining.Outcome]) in Statistics.mean(outcomes.map(\.accuracy)) }
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "model": Self.dimensions.map(String.init).joined(separator: "-") + " ReLU MLP, Float64",
                "train_images": "\(trainCount)", "test_images": "\(testCount)", "noise": "\(noise)",
                "steps": "\(steps)", "batch_size": "\(batchSize)",
                "first_order_learning_rate": "\(Self.firstOrderLearningRate)",
                "cge_learning_rate": "\(Self.coordinateLearningRate)",
                "rge_learning_rate": "\(Self.randomDirectionsLearningRate)", "smoothing": "\(Self.smoothing)",
                "weight_density": "\(Self.weightDensity)", "mask_refresh_interval": "\(refreshInterval)",
                "queries_per_step": "\(coordinate.map(\.queriesPerStep))",
            ],
            seeds: seeds, claims: claims,
            notes: [
                String(
                    format: "test accuracy (mean over seeds): first order %.3f, sparse CGE %.3f, RGE %.3f",
                    mean(firstOrder), mean(coordinate), mean(random)),
                String(
                    format: "training seconds per seed (mean): first order %.1f, sparse CGE %.1f, RGE %.1f",
                    Statistics.mean(firstOrder.map(\.seconds)), Statistics.mean(coordinate.map(\.seconds)),
                    Statistics.mean(random.map(\.seconds))),
                String(
                    format:
                        "full CGE step (4522 queries, batch %d): %.2f s plain, %.2f s with feature reuse, %.2f s "
                        + "with every layer batched per copy; largest |plain − reuse| %.1e",
                    batchSize, Statistics.mean(timings.map(\.plainSeconds)),
                    Statistics.mean(timings.map(\.reuseSeconds)), Statistics.mean(timings.map(\.allCopiesSeconds)),
                    timings.map(\.largestDifference).max()!),
                "ZO-GraSP weight densities per layer (mean over seeds): "
                    + (0..<densities[0].count).map { layer in
                        String(format: "%.3f", Statistics.mean(densities.map { $0[layer] }))
                    }.joined(separator: ", "),
            ],
            files: files)
    }

    /// `steps` batches of `size` indices, walking through fresh permutations of the training set.
    static func batches(count: Int, size: Int, steps: Int, using generator: inout RandomGenerator) -> [Tensor] {
        var order: [Int64] = []
        var result: [Tensor] = []
        for _ in 0..<steps {
            if order.count < size { order += Tensor.permutation(count, using: &generator).scalars(as: Int64.self) }
            result.append(Tensor(Array(order.prefix(size)), shape: [size]))
            order.removeFirst(size)
        }
        return result
    }

    /// The first `perClass` images of each class (the authors' `fetch_data` for ZO-GraSP).
    static func balancedSubset(_ data: (inputs: Tensor, labels: Tensor), perClass: Int, classes: Int) -> (
        inputs: Tensor, labels: Tensor
    ) {
        let labels = data.labels.scalars(as: Int64.self)
        let picked = (0..<classes).flatMap { label in
            labels.indices.filter { labels[$0] == Int64(label) }.prefix(perClass).map(Int64.init)
        }
        let indices = Tensor(picked, shape: [picked.count])
        return (
            data.inputs.indexSelected(axis: 0, indices: indices), data.labels.indexSelected(axis: 0, indices: indices)
        )
    }

    private func writeTables(
        _ configuration: ExperimentConfiguration, seeds: [UInt64], firstOrder: [DeepZeroTraining.Outcome],
        coordinate: [DeepZeroTraining.Outcome], random: [DeepZeroTraining.Outcome], densities: [[Double]],
        timings: [FeatureReuseTiming], evaluationSteps: [Int]
    ) throws -> [String] {
        var accuracy = CSVTable()
        accuracy.add("seed", seeds.map(Double.init))
        accuracy.add("first_order", firstOrder.map(\.accuracy))
        accuracy.add("sparse_cge", coordinate.map(\.accuracy))
        accuracy.add("rge", random.map(\.accuracy))
        accuracy.add("queries_per_step", coordinate.map { Double($0.queriesPerStep) })
        for layer in densities[0].indices { accuracy.add("density_layer\(layer)", densities.map { $0[layer] }) }
        try accuracy.write("accuracy.csv", into: configuration.outputDirectory)

        var curves = CSVTable()
        curves.add("step", seeds.flatMap { _ in evaluationSteps.map(Double.init) })
        curves.add("seed", seeds.flatMap { seed in evaluationSteps.map { _ in Double(seed) } })
        curves.add("first_order", firstOrder.flatMap(\.curve))
        curves.add("sparse_cge", coordinate.flatMap(\.curve))
        curves.add("rge", random.flatMap(\.curve))
        try curves.write("curves.csv", into: configuration.outputDirectory)

        var timing = CSVTable()
        timing.add("seed", seeds.map(Double.init))
        timing.add("plain_seconds", timings.map(\.plainSeconds))
        timing.add("reuse_seconds", timings.map(\.reuseSeconds))
        timing.add("all_copies_seconds", timings.map(\.allCopiesSeconds))
        timing.add("speedup", timings.map(\.speedup))
        timing.add("largest_difference", timings.map(\.largestDifference))
        try timing.write("timing.csv", into: configuration.outputDirectory)
        return ["accuracy.csv", "curves.csv", "timing.csv"]
    }
}
